package io.clipizy.kit.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

/** The verified-token cache on its own: what it keeps, for how long, and what it refuses to keep. */
class VerifiedTokenCacheTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final java.util.function.LongSupplier ticker = nanos::get;

    private VerifiedTokenCache cache(long maxSize, Duration maxAge, Optional<Duration> tokenAge) {
        return new VerifiedTokenCache(true, maxSize, maxAge, tokenAge, ticker);
    }

    private void advance(Duration by) {
        nanos.addAndGet(by.toNanos());
    }

    private static long nowSeconds() {
        return TimeUnit.MILLISECONDS.toSeconds(System.currentTimeMillis());
    }

    @Test
    void aVerifiedTokenIsAnsweredUntilItExpiresAndNotAfter() {
        VerifiedTokenCache cache = cache(100, Duration.ofHours(1), Optional.empty());
        SecurityIdentity alice = identity("tok-a", "alice", Map.of("exp", nowSeconds() + 10));
        cache.store("tok-a", alice);

        SecurityIdentity hit = cache.find("tok-a");
        assertNotNull(hit, "answered from the cache");
        assertEquals("alice", hit.getPrincipal().getName());
        assertTrue(hit.hasRole("user"));
        assertNull(cache.find("tok-b"), "another token is not answered");
        assertNull(cache.find("tok-"), "nor a prefix of it");

        advance(Duration.ofSeconds(11));
        assertNull(cache.find("tok-a"), "not past the token's exp");
    }

    @Test
    void anEntryLivesAtMostMaxAgeEvenWhenTheTokenLivesLonger() {
        VerifiedTokenCache cache = cache(100, Duration.ofSeconds(30), Optional.empty());
        cache.store("long", identity("long", "bob", Map.of("exp", nowSeconds() + 3600)));
        advance(Duration.ofSeconds(29));
        assertNotNull(cache.find("long"));
        advance(Duration.ofSeconds(2));
        assertNull(cache.find("long"), "verified again after max-age");
    }

    @Test
    void aConfiguredTokenAgeBoundsTheEntryByIssuedAt() {
        VerifiedTokenCache cache = cache(100, Duration.ofHours(1), Optional.of(Duration.ofSeconds(60)));
        cache.store("aged", identity("aged", "carol", Map.of("exp", nowSeconds() + 3600, "iat", nowSeconds() - 50)));
        assertNotNull(cache.find("aged"));
        advance(Duration.ofSeconds(12));
        assertNull(cache.find("aged"), "iat + token age has passed");

        cache.store("no-iat", identity("no-iat", "carol", Map.of("exp", nowSeconds() + 3600)));
        assertNull(cache.find("no-iat"), "without iat its age cannot be checked: never cached");
    }

    @Test
    void tokensWithoutExpiryOrBoundToTheSenderOrForAnotherTokenAreNeverKept() {
        VerifiedTokenCache cache = cache(100, Duration.ofHours(1), Optional.empty());
        cache.store("no-exp", identity("no-exp", "dave", Map.of()));
        cache.store("dpop", identity("dpop", "dave", Map.of("exp", nowSeconds() + 60, "cnf", Map.of("jkt", "x"))));
        cache.store("expired", identity("expired", "dave", Map.of("exp", nowSeconds() - 1)));
        cache.store("mismatch", identity("the-real-token", "dave", Map.of("exp", nowSeconds() + 60)));
        assertNull(cache.find("no-exp"));
        assertNull(cache.find("dpop"));
        assertNull(cache.find("expired"));
        assertNull(cache.find("mismatch"));
        assertEquals(0, cache.size());
    }

    @Test
    void theCacheIsBounded() {
        VerifiedTokenCache cache = cache(50, Duration.ofHours(1), Optional.empty());
        for (int i = 0; i < 500; i++) {
            cache.store("t" + i, identity("t" + i, "u" + i, Map.of("exp", nowSeconds() + 60)));
        }
        assertTrue(cache.size() <= 50, "at most max-size entries, was " + cache.size());
    }

    @Test
    void aDisabledCacheKeepsNothing() {
        VerifiedTokenCache cache = new VerifiedTokenCache(false, 100, Duration.ofHours(1), Optional.empty(), ticker);
        cache.store("tok", identity("tok", "erin", Map.of("exp", nowSeconds() + 60)));
        assertNull(cache.find("tok"));
    }

    private static SecurityIdentity identity(String rawToken, String subject, Map<String, Object> claims) {
        Map<String, Object> all = new HashMap<>(claims);
        all.put("raw_token", rawToken);
        all.put("sub", subject);
        JsonWebToken jwt = new JsonWebToken() {
            @Override
            public String getName() {
                return subject;
            }

            @Override
            public Set<String> getClaimNames() {
                return all.keySet();
            }

            @Override
            @SuppressWarnings("unchecked")
            public <T> T getClaim(String name) {
                return (T) all.get(name);
            }
        };
        return QuarkusSecurityIdentity.builder().setPrincipal(jwt).addRole("user").build();
    }
}
