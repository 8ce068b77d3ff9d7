package io.clipizy.gateway.clients;

import io.quarkus.oidc.client.OidcClient;
import io.quarkus.oidc.client.Tokens;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The gateway's own client-credentials access token (client {@code generation-gateway}, realm role {@code service}),
 * for its calls to billing-service and media-service. Fetched when first needed, kept until shortly before it expires,
 * and fetched once for all callers that need a new one at the same moment.
 */
@ApplicationScoped
public class ServiceTokens {
    /** Renew this long before the token expires, so it never expires in flight. */
    private static final long SKEW_SECONDS = 30;

    @Inject
    OidcClient client;

    private volatile Tokens current;
    private Uni<Tokens> pending;

    /** The value for an {@code Authorization} header. */
    public Uni<String> authorization() {
        Tokens tokens = current;
        if (tokens != null && fresh(tokens)) {
            return Uni.createFrom().item("Bearer " + tokens.getAccessToken());
        }
        return renew().map(t -> "Bearer " + t.getAccessToken());
    }

    /** Forgets the token (a peer refused it with 401), so the next call fetches a new one. */
    public void invalidate() {
        current = null;
    }

    private synchronized Uni<Tokens> renew() {
        if (pending == null) {
            pending = client.getTokens()
                    .invoke(tokens -> current = tokens)
                    .onTermination().invoke(this::clearPending)
                    .memoize().indefinitely();
        }
        return pending;
    }

    private synchronized void clearPending() {
        pending = null;
    }

    private static boolean fresh(Tokens tokens) {
        Long expiresAt = tokens.getAccessTokenExpiresAt();
        return expiresAt == null || expiresAt - SKEW_SECONDS > System.currentTimeMillis() / 1000;
    }
}
