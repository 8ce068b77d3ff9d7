package io.clipizy.gateway.fakes;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.clipizy.testing.OidcResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The gateway's peers in tests, on one local HTTP port: Keycloak's token endpoint (client credentials for
 * {@code generation-gateway}, answering a token signed like {@link OidcResource}'s with the {@code service} role),
 * billing-service's reservations and media-service's internal API. Points the gateway's clients at them.
 */
public class FakePeers implements QuarkusTestResourceLifecycleManager {
    public static final String CLIENT_ID = "generation-gateway";
    public static final String CLIENT_SECRET = "generation-gateway-test-secret";
    private static final FakeBilling BILLING = new FakeBilling();
    private static final FakeMedia MEDIA = new FakeMedia();
    private static final AtomicInteger TOKENS = new AtomicInteger();

    private HttpServer server;
    private ExecutorService threads;

    public static FakeBilling billing() {
        return BILLING;
    }

    public static FakeMedia media() {
        return MEDIA;
    }

    /** Tokens issued so far (the gateway keeps one until it nears expiry). */
    public static int tokensIssued() {
        return TOKENS.get();
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        threads = Executors.newFixedThreadPool(8);
        server.setExecutor(threads);
        server.createContext("/realms/clipizy/protocol/openid-connect/token", FakePeers::token);
        server.createContext("/api/credits/reservations", exchange -> guard(exchange, () -> BILLING.reserve(exchange)));
        server.createContext("/api/internal/media/", exchange -> guard(exchange, () -> MEDIA.handle(exchange)));
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        return Map.of(
                "quarkus.oidc-client.auth-server-url", base + "/realms/clipizy",
                "quarkus.rest-client.billing.url", base,
                "quarkus.rest-client.media.url", base);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
            threads.shutdownNow();
        }
    }

    private interface Handler {
        void run() throws IOException;
    }

    private static void guard(HttpExchange exchange, Handler handler) throws IOException {
        try {
            handler.run();
        } catch (RuntimeException e) {
            Http.problem(exchange, 500, "internal", e.toString());
        }
    }

    /** Keycloak's client-credentials grant with client_secret_basic, as quarkus-oidc-client sends it by default. */
    private static void token(HttpExchange exchange) throws IOException {
        String expected = "Basic " + Base64.getEncoder().encodeToString((CLIENT_ID + ":" + CLIENT_SECRET)
                .getBytes(StandardCharsets.UTF_8));
        String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (!"POST".equals(exchange.getRequestMethod()) || !Http.query(form).getOrDefault("grant_type", "")
                .equals("client_credentials")) {
            Http.json(exchange, 400, Map.of("error", "unsupported_grant_type"));
            return;
        }
        if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            Http.json(exchange, 401, Map.of("error", "invalid_client"));
            return;
        }
        TOKENS.incrementAndGet();
        Http.json(exchange, 200, Map.of("access_token", OidcResource.token("service-account-" + CLIENT_ID, "service"),
                "token_type", "Bearer", "expires_in", 3600));
    }
}
