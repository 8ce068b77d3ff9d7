package io.clipizy.gateway.status;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.clipizy.kit.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;

/** {@code GET /api/v1/env/status}: which providers this gateway can use right now. */
@Path("/api/v1/env/status")
@RolesAllowed(Roles.USER)
@Produces(MediaType.APPLICATION_JSON)
public class EnvStatusResource {
    @Inject
    ProviderStatusService statuses;

    /** The providers, and the kinds for which at least one configured provider is reachable. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record EnvStatus(List<ProviderStatus> providers, List<String> availableKinds, Instant checkedAt) {
    }

    @GET
    public Uni<EnvStatus> status() {
        return statuses.all().map(list -> new EnvStatus(list, list.stream()
                .filter(p -> p.configured() && p.reachable())
                .flatMap(p -> p.kinds().stream()).distinct().sorted().toList(), Instant.now()));
    }
}
