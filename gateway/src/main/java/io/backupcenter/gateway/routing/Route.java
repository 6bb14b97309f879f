package io.backupcenter.gateway.routing;

import java.util.regex.Pattern;

/** A path pattern of the public API and the service that owns it. */
public record Route(Pattern path, String service) {

    /** A route for paths matching {@code regex} (the whole path). */
    public static Route of(String regex, String service) {
        return new Route(Pattern.compile(regex), service);
    }

    /** True when this route serves {@code requestPath}. */
    public boolean matches(String requestPath) {
        return path.matcher(requestPath).matches();
    }
}
