package io.clipizy.gateway.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.testing.OidcResource;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * What billing-service and media-service check of the gateway's bearer token, as their quarkus-oidc would: an RS256
 * signature by the test realm's key, not expired, and the realm role {@code service}.
 */
final class ServiceToken {
    private static final PublicKey KEY = publicKey();

    private ServiceToken() {
    }

    /** Whether the header carries a valid service token. */
    static boolean valid(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return false;
        }
        String[] parts = authorization.substring(7).trim().split("\\.");
        if (parts.length != 3) {
            return false;
        }
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initVerify(KEY);
            rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!rsa.verify(Base64.getUrlDecoder().decode(parts[2]))) {
                return false;
            }
            JsonNode claims = JsonCodec.decode(new String(Base64.getUrlDecoder().decode(parts[1]),
                    StandardCharsets.UTF_8), JsonNode.class);
            if (claims.path("exp").asLong() < System.currentTimeMillis() / 1000) {
                return false;
            }
            for (JsonNode role : claims.path("realm_access").path("roles")) {
                if ("service".equals(role.asText())) {
                    return true;
                }
            }
            return false;
        } catch (java.security.GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static PublicKey publicKey() {
        try {
            String encoded = new OidcResource().start().get("quarkus.oidc.public-key");
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(encoded)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
