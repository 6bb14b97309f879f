package io.backupcenter.kit.api;

import org.jboss.resteasy.reactive.RestResponse;

/** Answers whose status or headers vary. */
public final class Responses {

    private Responses() {
    }

    /**
     * 201 with {@code body} and a {@code Location} relative to the host, so that it stays right when the gateway
     * forwards the answer.
     */
    public static <T> RestResponse<T> created(String location, T body) {
        return RestResponse.ResponseBuilder.<T>create(RestResponse.Status.CREATED, body)
                .header("Location", location)
                .build();
    }

    /** 202 with {@code body} and a {@code Location} relative to the host. */
    public static <T> RestResponse<T> accepted(String location, T body) {
        return RestResponse.ResponseBuilder.<T>create(RestResponse.Status.ACCEPTED, body)
                .header("Location", location)
                .build();
    }
}
