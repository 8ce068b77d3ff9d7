package io.clipizy.eventhub.api;

import io.clipizy.kit.security.Roles;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.TenantIdentityProvider;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.quarkus.websockets.next.UserData;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Authenticates the upgrade to {@code /ws/events}. Browsers cannot set headers on a WebSocket, so the access token is
 * taken from, in this order: an {@code Authorization: Bearer} header, a {@code Sec-WebSocket-Protocol} value
 * {@code bearer.<token>}, or the {@code access_token} query parameter. It is validated by the service's OIDC tenant
 * exactly like any bearer token; a missing or invalid token refuses the upgrade with 401, a token without the
 * {@code user} role with 403. The subject and expiry are handed to the connection.
 */
@ApplicationScoped
public class TokenUpgradeCheck implements HttpUpgradeCheck {
    static final UserData.TypedKey<String> SUBJECT = UserData.TypedKey.forString("clipizy.subject");
    static final UserData.TypedKey<Long> EXPIRES_AT = UserData.TypedKey.forLong("clipizy.expires-at");
    static final String PROTOCOL_PREFIX = "bearer.";

    @Inject
    TenantIdentityProvider identities;

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        String token = token(context.httpRequest());
        if (token == null || token.isBlank()) {
            return CheckResult.rejectUpgrade(401);
        }
        return identities.authenticate(new AccessTokenCredential(token))
                .map(identity -> {
                    if (!(identity.getPrincipal() instanceof JsonWebToken jwt) || jwt.getSubject() == null) {
                        return CheckResult.rejectUpgradeSync(401);
                    }
                    if (!identity.hasRole(Roles.USER)) {
                        return CheckResult.rejectUpgradeSync(403);
                    }
                    context.userData().put(SUBJECT, jwt.getSubject());
                    context.userData().put(EXPIRES_AT, jwt.getExpirationTime());
                    return CheckResult.permitUpgradeSync();
                })
                .onFailure().recoverWithItem(failure -> CheckResult.rejectUpgradeSync(401));
    }

    private static String token(HttpServerRequest request) {
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).trim();
        }
        for (String header : request.headers().getAll("Sec-WebSocket-Protocol")) {
            for (String protocol : header.split(",")) {
                String value = protocol.trim();
                if (value.startsWith(PROTOCOL_PREFIX)) {
                    return value.substring(PROTOCOL_PREFIX.length());
                }
            }
        }
        return request.getParam("access_token");
    }
}
