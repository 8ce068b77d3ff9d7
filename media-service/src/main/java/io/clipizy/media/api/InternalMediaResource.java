package io.clipizy.media.api;

import io.clipizy.contracts.problem.Problem;
import io.clipizy.contracts.problem.ProblemType;
import io.clipizy.kit.web.ProblemException;
import io.clipizy.media.domain.ByteRange;
import io.clipizy.media.service.Download;
import io.clipizy.media.service.MediaService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestMulti;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * {@code /api/internal/media/{id}}: generation-gateway reads the media a task takes as input, with service credentials
 * (the {@code service} role), on behalf of the owner it names. Ownership holds as on the public API: an asset that is
 * unknown, deleted or another owner's is a 404, one that is not READY a 409; the bytes stream from S3 with
 * {@code Range} support, never held whole in memory.
 */
@Path("/api/internal/media")
@RolesAllowed(OutputResource.SERVICE_ROLE)
@Produces(MediaType.APPLICATION_JSON)
public class InternalMediaResource {
    @Inject
    MediaService media;

    /** The READY asset's facts. */
    @GET
    @Path("/{id}")
    public Uni<InternalMediaView> get(@RestPath UUID id, @RestQuery String ownerId) {
        return media.getReady(required(ownerId), id).map(InternalMediaView::of);
    }

    /** The READY asset's bytes, or the one range a {@code Range} header asks for (206). */
    @GET
    @Path("/{id}/content")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public RestMulti<byte[]> content(@RestPath UUID id, @RestQuery String ownerId, @HeaderParam("Range") String range) {
        String owner = required(ownerId);
        Uni<Download> download = media.download(owner, id, range)
                .onFailure(ByteRange.UnsatisfiableRangeException.class).transform(e -> MediaResource.unsatisfiable(
                        ((ByteRange.UnsatisfiableRangeException) e).size()));
        return RestMulti.fromUniResponse(download, media::chunks, MediaResource::contentHeaders,
                d -> d.range() == null ? 200 : 206);
    }

    private static String required(String ownerId) {
        if (ownerId == null || ownerId.isBlank()) {
            throw new ProblemException(ProblemType.VALIDATION, "The query parameter ownerId is required: the owner on "
                    + "whose behalf the media is read", List.of(new Problem.FieldViolation("ownerId", "is required")));
        }
        return ownerId;
    }
}
