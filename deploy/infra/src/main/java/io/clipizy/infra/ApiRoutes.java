package io.clipizy.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The public route table ({@code clipizy/routes.json}): which service answers which path prefix. The local API gateway
 * routes by it and the Kubernetes HTTPRoutes mirror it (checked by a test), so the two cannot drift apart.
 */
public final class ApiRoutes {
    private static final String RESOURCE = "clipizy/routes.json";

    /** One prefix and the service (its Maven module name, also its Kubernetes Service name) that answers it. */
    public record Route(String prefix, String service, boolean websocket) {
        /** Whether the path is this prefix or below it ({@code /api/media} matches {@code /api/media/1}, not {@code /api/mediax}). */
        public boolean matches(String path) {
            return path.equals(prefix) || path.startsWith(prefix + "/") || path.startsWith(prefix + "?");
        }
    }

    private final List<Route> routes;
    private final List<String> blocked;

    private ApiRoutes(List<Route> routes, List<String> blocked) {
        this.routes = routes.stream().sorted(Comparator.comparingInt((Route r) -> r.prefix().length()).reversed()).toList();
        this.blocked = List.copyOf(blocked);
    }

    /** The table shipped with the build. */
    public static ApiRoutes load() {
        try (InputStream in = ApiRoutes.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            return parse(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE, e);
        }
    }

    static ApiRoutes parse(JsonNode json) {
        List<Route> routes = new ArrayList<>();
        for (JsonNode r : json.path("routes")) {
            String prefix = r.path("prefix").asText();
            if (!prefix.startsWith("/") || prefix.endsWith("/")) {
                throw new IllegalStateException("Route prefix must start and not end with '/': " + prefix);
            }
            routes.add(new Route(prefix, r.path("service").asText(), r.path("websocket").asBoolean(false)));
        }
        List<String> blocked = new ArrayList<>();
        json.path("blocked").forEach(b -> blocked.add(b.asText()));
        return new ApiRoutes(routes, blocked);
    }

    /** Every route, longest prefix first. */
    public List<Route> routes() {
        return routes;
    }

    /** Prefixes never exposed publicly (service-to-service endpoints). */
    public List<String> blocked() {
        return blocked;
    }

    /** Whether the path falls under a blocked prefix. */
    public boolean isBlocked(String path) {
        return blocked.stream().anyMatch(b -> path.equals(b) || path.startsWith(b + "/"));
    }

    /** The route answering a path (the longest matching prefix), unless the path is blocked or unrouted. */
    public Optional<Route> route(String path) {
        if (isBlocked(path)) {
            return Optional.empty();
        }
        return routes.stream().filter(r -> r.matches(path)).findFirst();
    }
}
