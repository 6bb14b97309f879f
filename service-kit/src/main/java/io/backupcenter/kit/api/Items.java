package io.backupcenter.kit.api;

import java.util.List;

/** The shape of every list the API answers: {@code {"items": [...]}}. */
public record Items<T>(List<T> items) {

    /** A list answer holding {@code items}. */
    public static <T> Items<T> of(List<T> items) {
        return new Items<>(List.copyOf(items));
    }
}
