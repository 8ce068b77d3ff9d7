package io.clipizy.kit.security;

import io.clipizy.kit.web.ProblemException;
import io.clipizy.contracts.problem.ProblemType;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The caller of the current request, identified by the token's subject. Ownership is the subject: a resource owned by
 * someone else answers 404 (not 403), so its existence is not revealed.
 */
@RequestScoped
public class CurrentUser {
    @Inject
    SecurityIdentity identity;

    @Inject
    JsonWebToken token;

    /** The OIDC subject of the caller. */
    public String id() {
        String subject = token.getSubject();
        if (subject == null || subject.isBlank()) {
            throw new ProblemException(ProblemType.UNAUTHORIZED, "The token has no subject");
        }
        return subject;
    }

    public boolean isAdmin() {
        return identity.hasRole("admin");
    }

    /** Answers the resource when the caller owns it; otherwise ends the request with 404 naming only {@code what}. */
    public <T> T requireOwner(T resource, String ownerId, String what) {
        if (resource == null || ownerId == null || !ownerId.equals(id())) {
            throw ProblemException.notFound(what);
        }
        return resource;
    }
}
