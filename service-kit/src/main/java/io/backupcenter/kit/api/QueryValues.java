package io.backupcenter.kit.api;

import io.backupcenter.kit.problem.ApiException;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Reads query parameters that have a fixed set of values. JAX-RS answers a value it cannot convert with 404; the API
 * answers 400 naming the parameter and the values it takes.
 */
public final class QueryValues {

    private QueryValues() {
    }

    /** The constant of {@code type} spelled {@code value}; null for no value; 400 for any other spelling. */
    public static <T extends Enum<T>> T parse(String parameter, String value, Class<T> type) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        for (T constant : type.getEnumConstants()) {
            if (constant.name().equals(value)) {
                return constant;
            }
        }
        throw new ApiException.BadRequest(parameter, "'" + value + "' is not one of "
                + Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", ")));
    }
}
