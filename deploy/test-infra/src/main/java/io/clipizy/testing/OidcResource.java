package io.clipizy.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.jwt.build.Jwt;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Signs test bearer tokens with an RSA key made for this test run, and points {@code quarkus-oidc} at its public key:
 * real signature verification, offline, with no server port to collide with the local Keycloak or a parallel run.
 * Tokens look like Keycloak's: {@code sub}, {@code preferred_username}, {@code realm_access.roles}.
 */
public class OidcResource implements QuarkusTestResourceLifecycleManager {
    public static final String ISSUER = "https://clipizy.test/realms/clipizy";
    private static final KeyPair KEYS = generate();

    @Override
    public Map<String, String> start() {
        return Map.of(
                "quarkus.oidc.auth-server-url", "",
                "quarkus.oidc.public-key", Base64.getEncoder().encodeToString(KEYS.getPublic().getEncoded()),
                "quarkus.oidc.token.issuer", ISSUER,
                "quarkus.oidc.discovery-enabled", "false");
    }

    @Override
    public void stop() {
        // nothing to stop: the key lives in memory
    }

    /** A valid one-hour access token for {@code subject} with the given realm roles. */
    public static String token(String subject, String... roles) {
        return token(subject, Duration.ofHours(1), roles);
    }

    /** A token that expires after {@code lifetime} (negative: already expired). */
    public static String token(String subject, Duration lifetime, String... roles) {
        Instant now = Instant.now();
        return Jwt.issuer(ISSUER)
                .subject(subject)
                .upn(subject)
                .preferredUserName(subject)
                .groups(Set.of(roles))
                .claim("realm_access", Map.of("roles", List.of(roles)))
                .issuedAt(now.minusSeconds(5))
                .expiresAt(now.plus(lifetime))
                .jws().keyId("test")
                .sign(KEYS.getPrivate());
    }

    /** A token for a user with the ordinary {@code user} role. */
    public static String user(String subject) {
        return token(subject, "user");
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
