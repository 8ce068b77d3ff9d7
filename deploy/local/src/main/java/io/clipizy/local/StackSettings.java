package io.clipizy.local;

import io.clipizy.infra.S3ProxyServer;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The fixed addresses of the local stack and the values a developer may override through the environment
 * (client secrets, Keycloak admin, identity-provider credentials). Built from a map so tests need no real environment.
 */
public final class StackSettings {
    public static final int KAFKA_PORT = 9092;
    public static final int KAFKA_CONTROLLER_PORT = 9093;
    public static final int S3_PORT = 9000;
    public static final int KEYCLOAK_PORT = 8180;
    /** The local API gateway: the one origin of the web client and the demo. */
    public static final int GATEWAY_PORT = 8080;
    public static final String GATEWAY_URL = "http://localhost:" + GATEWAY_PORT;
    public static final String REALM = "clipizy";
    /** Where the web front end (and the API gateway in front of the services) is served; the web client's redirects. */
    public static final String WEB_ORIGIN = "http://localhost:8080";

    /** Credentials of a social login (GitHub, Google) registered by the developer for localhost. */
    public record OAuthApp(String clientId, String clientSecret) {
    }

    private final Map<String, String> env;

    public StackSettings(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    public static StackSettings fromEnvironment() {
        return new StackSettings(System.getenv());
    }

    public Map<String, String> env() {
        return env;
    }

    public String kafkaBootstrap() {
        return "127.0.0.1:" + KAFKA_PORT;
    }

    public String s3Endpoint() {
        return "http://127.0.0.1:" + S3_PORT;
    }

    public String s3AccessKey() {
        return S3ProxyServer.DEFAULT_ACCESS_KEY;
    }

    public String s3SecretKey() {
        return S3ProxyServer.DEFAULT_SECRET_KEY;
    }

    /** localhost rather than 127.0.0.1: the issuer in tokens is derived from this host, and browsers use it too. */
    public String keycloakUrl() {
        return "http://localhost:" + KEYCLOAK_PORT;
    }

    public String issuer() {
        return keycloakUrl() + "/realms/" + REALM;
    }

    public String keycloakAdminUser() {
        return value("CLIPIZY_KEYCLOAK_ADMIN_USER", "admin");
    }

    /** The bootstrap admin of Keycloak's master realm; the default is only acceptable on a loopback-only dev stack. */
    public String keycloakAdminPassword() {
        return value("CLIPIZY_KEYCLOAK_ADMIN_PASSWORD", "admin");
    }

    /**
     * The services' runtime and class-data cache ({@link ServiceJdk}): {@code CLIPIZY_CDS=on} (the default; also
     * {@code aot}) an AOT cache on a JDK 25 or later when one is found ({@code CLIPIZY_SERVICE_JAVA_HOME}, the
     * launcher's, the newest under /usr/lib/jvm), else AppCDS on the launcher's runtime; {@code appcds} AppCDS on the
     * launcher's runtime always; {@code off} neither.
     */
    ServiceJdk.Choice serviceRuntime() {
        return ServiceJdk.choose(env);
    }

    /**
     * The database of a service. {@code CLIPIZY_DATABASE_SET=NAME} gives the stack a separate set of databases
     * ({@code clipizy_chat_NAME}, …) beside the developer's own: the end-to-end tests run on the set {@code e2e}, so a
     * test run neither sees nor wipes what the local stack has stored.
     */
    public String database(ServiceSpec service) {
        String set = env.get("CLIPIZY_DATABASE_SET");
        if (set == null || set.isBlank()) {
            return service.database();
        }
        if (!set.trim().matches("[a-z0-9]{1,16}")) {
            throw new IllegalStateException("CLIPIZY_DATABASE_SET must be 1 to 16 lower-case letters or digits, not '" + set + "'");
        }
        return service.database() + "_" + set.trim();
    }

    /**
     * CLIPIZY_FRESH_DATABASES=true drops and recreates the stack's databases at start: every run begins from the
     * migrations, with no unfinished run or task left by an earlier one (the end-to-end tests use it, on their own
     * {@link #database set}).
     */
    public boolean freshDatabases() {
        return "true".equalsIgnoreCase(value("CLIPIZY_FRESH_DATABASES", "false").trim());
    }

    /**
     * How long a service may take to answer ready. Six JVMs starting at once on two cores take tens of seconds; a
     * slower machine can raise it with CLIPIZY_SERVICE_READY_TIMEOUT (seconds).
     */
    public Duration serviceReadyTimeout() {
        String value = value("CLIPIZY_SERVICE_READY_TIMEOUT", "180");
        try {
            return Duration.ofSeconds(Math.max(1, Long.parseLong(value.trim())));
        } catch (NumberFormatException e) {
            throw new IllegalStateException("CLIPIZY_SERVICE_READY_TIMEOUT must be a number of seconds, not '" + value + "'");
        }
    }

    public String secret(ServiceSpec service) {
        return service.secret(env);
    }

    public Optional<OAuthApp> github() {
        return oauthApp("GITHUB");
    }

    public Optional<OAuthApp> google() {
        return oauthApp("GOOGLE");
    }

    /** Present only when both the id and the secret are set: a provider without them would only show a broken button. */
    private Optional<OAuthApp> oauthApp(String provider) {
        String id = env.get("CLIPIZY_" + provider + "_CLIENT_ID");
        String secret = env.get("CLIPIZY_" + provider + "_CLIENT_SECRET");
        if (id == null || id.isBlank() || secret == null || secret.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new OAuthApp(id.trim(), secret.trim()));
    }

    private String value(String name, String fallback) {
        String v = env.get(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
