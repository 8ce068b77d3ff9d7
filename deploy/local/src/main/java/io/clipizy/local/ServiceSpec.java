package io.clipizy.local;

import java.util.Locale;
import java.util.Map;

/**
 * One Clipizy service as the local stack runs it: its Maven module (also its Keycloak client id and Quarkus OIDC
 * client id), HTTP port, PostgreSQL database, and whether it talks to S3.
 */
public record ServiceSpec(String module, int port, String database, boolean usesS3) {

    public String clientId() {
        return module;
    }

    /** The environment variable that overrides the client's secret, e.g. CLIPIZY_CHAT_SERVICE_SECRET. */
    public String secretVariable() {
        return "CLIPIZY_" + module.toUpperCase(Locale.ROOT).replace('-', '_') + "_SECRET";
    }

    /**
     * The client secret shared by the realm and the service. The default {@code <client>-secret} is for this local,
     * loopback-only stack and nothing else; set the variable to use another.
     */
    public String secret(Map<String, String> env) {
        String value = env.get(secretVariable());
        return value == null || value.isBlank() ? module + "-secret" : value;
    }

    public String baseUrl() {
        return "http://localhost:" + port;
    }

    public String readinessUrl() {
        return baseUrl() + "/q/health/ready";
    }
}
