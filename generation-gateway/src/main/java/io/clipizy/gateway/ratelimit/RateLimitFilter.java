package io.clipizy.gateway.ratelimit;

import io.clipizy.contracts.problem.Problem;
import io.clipizy.contracts.problem.ProblemType;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Applies the per-user limits before a costly request's body is even read: {@code POST /api/tasks} and the job-starting
 * endpoints of {@code /api/v1}. A refused request is a 429 problem with {@code Retry-After} (whole seconds, at least 1).
 * Requests without an authenticated user pass through untouched: the security layer answers them.
 */
public class RateLimitFilter {
    private static final Map<String, RateLimiter.Group> LIMITED = Map.of(
            "/api/tasks", RateLimiter.Group.TASKS,
            "/api/v1/videos/jobs", RateLimiter.Group.JOBS,
            "/api/v1/images/generate", RateLimiter.Group.JOBS,
            "/api/v1/videos/analyze", RateLimiter.Group.JOBS,
            "/api/v1/videos/prompt/enhance", RateLimiter.Group.JOBS);

    @Inject
    RateLimiter limiter;

    @Inject
    RateLimitConfig config;

    @Inject
    CurrentIdentityAssociation identities;

    @ServerRequestFilter
    public Uni<Response> limit(ContainerRequestContext request) {
        if (!config.enabled() || !"POST".equals(request.getMethod())) {
            return Uni.createFrom().nullItem();
        }
        String path = request.getUriInfo().getPath();
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        RateLimiter.Group group = LIMITED.get(path);
        if (group == null) {
            return Uni.createFrom().nullItem();
        }
        String instance = path;
        return identities.getDeferredIdentity()
                .onFailure().recoverWithNull()
                .map(identity -> decide(identity, group, instance));
    }

    private Response decide(SecurityIdentity identity, RateLimiter.Group group, String path) {
        if (identity == null || identity.isAnonymous()) {
            return null;
        }
        Duration wait = limiter.acquire(userOf(identity), group);
        if (wait.isZero()) {
            return null;
        }
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        String what = group == RateLimiter.Group.TASKS ? "task submissions" : "job requests";
        Problem problem = Problem.of(ProblemType.RATE_LIMITED, "Too many " + what + "; try again in " + seconds
                + (seconds == 1 ? " second" : " seconds")).withInstance(path);
        return Response.status(ProblemType.RATE_LIMITED.status()).type(Problem.MEDIA_TYPE).header("Retry-After", Long.toString(seconds))
                .entity(problem).build();
    }

    /** The token's subject, as ownership uses it everywhere else. */
    private static String userOf(SecurityIdentity identity) {
        if (identity.getPrincipal() instanceof JsonWebToken) {
            String subject = ((JsonWebToken) identity.getPrincipal()).getSubject();
            if (subject != null && !subject.isBlank()) {
                return subject;
            }
        }
        return identity.getPrincipal().getName();
    }
}
