package io.clipizy.kit.security;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Bearer tokens this service has already verified, so that a client sending the same token again does not pay for a
 * second signature check and JSON parse (P7 profile: 27 % of the task submission's CPU went to jose4j).
 *
 * <p>How it fits Quarkus security: the OIDC extension's identity provider verifies a token (signature, issuer,
 * audience, expiry, roles) and builds the {@link SecurityIdentity}; {@link Store}, an augmentor that runs first, keeps
 * that identity under the raw token. {@link Lookup}, an identity provider for the same request type with a higher
 * priority than OIDC's, answers a later request carrying the identical token from the cache, and otherwise answers
 * nothing, which hands the request to OIDC. Only successful verifications are stored; a rejected token is verified
 * (and rejected) every time.
 *
 * <p>Safety: an entry lives until the token's {@code exp} (never past it, no grace), at most {@code max-age} after it
 * was verified (so a key rotation or a configuration change takes effect within that bound) and, when
 * {@code quarkus.oidc.token.age} is set, no longer than the token's {@code iat} plus that age; a hit checks the expiry
 * again. Sender-constrained tokens ({@code cnf}: DPoP or certificate-bound) are never cached, since their proof belongs
 * to each request. The key is the whole token, compared in full; the cache is bounded ({@code max-size}, least
 * recently used evicted). The request-bound attributes of an identity (its routing context and blocking executor) are
 * replaced by the current request's on every hit.
 */
@ApplicationScoped
public class VerifiedTokenCache {
    /** Marks an identity answered from the cache, so the augmentor does not store it again. */
    static final String CACHED = VerifiedTokenCache.class.getName() + ".cached";

    private final boolean enabled;
    private final long maxSize;
    private final Duration maxAge;
    private final Optional<Duration> tokenAge;
    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final Object pruning = new Object();
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    @Inject
    public VerifiedTokenCache(@ConfigProperty(name = "clipizy.auth.token-cache.enabled", defaultValue = "true") boolean enabled,
                              @ConfigProperty(name = "clipizy.auth.token-cache.max-size", defaultValue = "10000") long maxSize,
                              @ConfigProperty(name = "clipizy.auth.token-cache.max-age", defaultValue = "PT5M") Duration maxAge,
                              @ConfigProperty(name = "quarkus.oidc.token.age") Optional<Duration> tokenAge,
                              MeterRegistry registry) {
        this(enabled, maxSize, maxAge, tokenAge, System::nanoTime);
        // clipizy_auth_token_cache_lookups_total{result="hit|miss"} and clipizy_auth_token_cache_size on /q/metrics
        FunctionCounter.builder("clipizy.auth.token-cache.lookups", hits, LongAdder::sum).tag("result", "hit")
                .description("Bearer tokens answered from the verified-token cache").register(registry);
        FunctionCounter.builder("clipizy.auth.token-cache.lookups", misses, LongAdder::sum).tag("result", "miss")
                .description("Bearer tokens not in the verified-token cache (verified by OIDC)").register(registry);
        Gauge.builder("clipizy.auth.token-cache.size", entries, Map::size).register(registry);
    }

    /**
     * A plain map with a size bound rather than Caffeine: the needs are small (an exact-token lookup, a per-entry
     * expiry, a bound), and Caffeine loads its generated cache classes by name, which a native image would need
     * registered (the Quarkus extension that does it is not part of this build).
     */
    VerifiedTokenCache(boolean enabled, long maxSize, Duration maxAge, Optional<Duration> tokenAge, LongSupplier nanoClock) {
        this.enabled = enabled;
        this.maxSize = Math.max(1, maxSize);
        this.maxAge = maxAge;
        this.tokenAge = tokenAge;
        this.nanoClock = nanoClock;
    }

    /** The identity verified earlier for exactly this token, while it is still valid; otherwise null. */
    SecurityIdentity find(String token) {
        if (!enabled || token == null) {
            return null;
        }
        Entry entry = entries.get(token);
        if (entry == null) {
            misses.increment();
            return null;
        }
        if (nanoClock.getAsLong() - entry.expiresAtNanos >= 0) {
            entries.remove(token, entry);
            misses.increment();
            return null;
        }
        hits.increment();
        return entry.identity;
    }

    /** Keeps an identity OIDC has just verified for {@code token}, when it is a plain bearer JWT with an expiry. */
    void store(String token, SecurityIdentity identity) {
        if (!enabled || token == null || !(identity.getPrincipal() instanceof JsonWebToken)) {
            return;
        }
        JsonWebToken jwt = (JsonWebToken) identity.getPrincipal();
        if (!token.equals(jwt.getRawToken()) || jwt.containsClaim("cnf")) {
            return;
        }
        long exp = seconds(jwt, "exp");
        if (exp <= 0) {
            return;
        }
        long nowMillis = System.currentTimeMillis();
        long untilMillis = Math.min(exp * 1000, nowMillis + maxAge.toMillis());
        if (tokenAge.isPresent()) {
            long iat = seconds(jwt, "iat");
            if (iat <= 0) {
                return;
            }
            untilMillis = Math.min(untilMillis, iat * 1000 + tokenAge.get().toMillis());
        }
        long ttlNanos = TimeUnit.MILLISECONDS.toNanos(untilMillis - nowMillis);
        if (ttlNanos <= 0) {
            return;
        }
        // kept without the first request's routing context and executor (they would pin that request's memory)
        SecurityIdentity kept = QuarkusSecurityIdentity.builder(identity)
                .addAttribute(RoutingContext.class.getName(), null)
                .addAttribute(AuthenticationRequestContext.class.getName(), null)
                .build();
        long now = nanoClock.getAsLong();
        if (entries.size() >= maxSize) {
            prune(now);
        }
        entries.put(token, new Entry(kept, now + ttlNanos));
    }

    /**
     * At the bound: drops the expired entries and, if that is not enough, arbitrary ones down to 90 % of the bound (a
     * full cache means more distinct live tokens than the bound; an evicted one is simply verified again).
     */
    private void prune(long now) {
        synchronized (pruning) {
            entries.values().removeIf(e -> now - e.expiresAtNanos >= 0);
            Iterator<Entry> it = entries.values().iterator();
            while (entries.size() >= maxSize * 9 / 10 && it.hasNext()) {
                it.next();
                it.remove();
            }
        }
    }

    /** A NumericDate claim in seconds since the epoch; 0 when absent or not a number. */
    private static long seconds(JsonWebToken jwt, String claim) {
        Object value = jwt.getClaim(claim);
        if (value instanceof jakarta.json.JsonNumber) {
            return ((jakarta.json.JsonNumber) value).longValue();
        }
        return value instanceof Number ? ((Number) value).longValue() : 0;
    }

    long size() {
        return entries.size();
    }

    private static final class Entry {
        final SecurityIdentity identity;
        final long expiresAtNanos;

        Entry(SecurityIdentity identity, long expiresAtNanos) {
            this.identity = identity;
            this.expiresAtNanos = expiresAtNanos;
        }
    }

    /** The raw bearer token of a request or identity, or null for any other credential. */
    static String bearer(TokenAuthenticationRequest request) {
        return request.getToken() instanceof AccessTokenCredential ? request.getToken().getToken() : null;
    }

    /** Answers a bearer token from the cache, before OIDC's provider (priority 1001) is asked. */
    @ApplicationScoped
    public static class Lookup implements IdentityProvider<TokenAuthenticationRequest> {
        @Inject
        VerifiedTokenCache cache;

        @Override
        public Class<TokenAuthenticationRequest> getRequestType() {
            return TokenAuthenticationRequest.class;
        }

        @Override
        public int priority() {
            return 2000;
        }

        @Override
        public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
            SecurityIdentity cached = cache.find(bearer(request));
            if (cached == null) {
                return Uni.createFrom().nullItem();
            }
            QuarkusSecurityIdentity.Builder builder = QuarkusSecurityIdentity.builder(cached).addAttribute(CACHED, true);
            RoutingContext routing = HttpSecurityUtils.getRoutingContextAttribute(request);
            if (routing != null) { // as OidcUtils sets them for a fresh identity: this request's, not the first one's
                builder.addAttribute(RoutingContext.class.getName(), routing);
                Object blocking = routing.get(AuthenticationRequestContext.class.getName());
                if (blocking != null) {
                    builder.addAttribute(AuthenticationRequestContext.class.getName(), blocking);
                }
            }
            return Uni.createFrom().item(builder.build());
        }
    }

    /** Stores what OIDC verified; runs before every other augmentor, so the cache holds the identity as OIDC built it. */
    @ApplicationScoped
    public static class Store implements SecurityIdentityAugmentor {
        @Inject
        VerifiedTokenCache cache;

        @Override
        public int priority() {
            return Integer.MAX_VALUE;
        }

        @Override
        public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
            return augment(identity, context, Map.of());
        }

        @Override
        public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context,
                                             Map<String, Object> attributes) {
            if (!identity.isAnonymous() && identity.getAttribute(CACHED) == null) {
                AccessTokenCredential credential = identity.getCredential(AccessTokenCredential.class);
                if (credential != null && !credential.isOpaque()) {
                    cache.store(credential.getToken(), identity);
                }
            }
            return Uni.createFrom().item(identity);
        }
    }
}
