package io.clipizy.media.api;

import io.clipizy.contracts.event.MediaRole;
import io.clipizy.contracts.problem.Problem;
import io.clipizy.contracts.problem.ProblemType;
import io.clipizy.kit.security.CurrentUser;
import io.clipizy.kit.security.Roles;
import io.clipizy.kit.web.ProblemException;
import io.clipizy.media.domain.MediaFormat;
import io.clipizy.media.service.DirectUploadCommand;
import io.clipizy.media.service.DirectUploadService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

/** {@code /api/media/uploads}: uploads sent straight to S3 through presigned URLs, then completed and verified here. */
@Path(DirectUploadResource.PATH)
@RolesAllowed(Roles.USER)
@Produces(MediaType.APPLICATION_JSON)
public class DirectUploadResource {
    static final String PATH = "/api/media/uploads";
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final List<MediaRole> UPLOAD_ROLES = List.of(MediaRole.UPLOAD, MediaRole.REFERENCE);

    @Inject
    DirectUploadService uploads;

    @Inject
    CurrentUser user;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<DirectUploadView>> begin(DirectUploadRequest request) {
        DirectUploadCommand command = command(request);
        return uploads.begin(user.id(), command).map(ticket -> RestResponse.ResponseBuilder
                .<DirectUploadView>created(URI.create(MediaResource.PATH + "/" + ticket.asset().id()))
                .entity(DirectUploadView.of(ticket)).build());
    }

    /** The client has sent every byte: verify them and answer the READY asset. */
    @POST
    @Path("/{id}/complete")
    public Uni<MediaView> complete(@RestPath UUID id) {
        return uploads.complete(user.id(), id).map(MediaView::of);
    }

    private static DirectUploadCommand command(DirectUploadRequest request) {
        if (request == null) {
            throw new ProblemException(ProblemType.VALIDATION, "A JSON body is required",
                    List.of(new Problem.FieldViolation("contentType", "is required"),
                            new Problem.FieldViolation("sizeBytes", "is required")));
        }
        List<Problem.FieldViolation> errors = new ArrayList<>();
        if (request.contentType() == null || request.contentType().isBlank()) {
            errors.add(new Problem.FieldViolation("contentType", "is required"));
        }
        if (request.sizeBytes() == null || request.sizeBytes() <= 0) {
            errors.add(new Problem.FieldViolation("sizeBytes", "must be a positive number of bytes"));
        }
        String sha256 = request.sha256() == null ? null : request.sha256().trim().toLowerCase(Locale.ROOT);
        if (sha256 != null && !SHA256.matcher(sha256).matches()) {
            errors.add(new Problem.FieldViolation("sha256", "must be 64 hexadecimal digits"));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(ProblemType.VALIDATION, "The upload request is invalid", errors);
        }
        MediaFormat.Variant variant = MediaFormat.variantOf(request.contentType()).orElseThrow(() ->
                new ProblemException(ProblemType.UNSUPPORTED_MEDIA_TYPE, request.contentType()
                        + " is not a media type we accept", List.of(new Problem.FieldViolation("contentType",
                        "must be an image, audio or video type we serve"))));
        UUID project = RequestValues.uuid(request.projectId(), "projectId");
        MediaRole role = RequestValues.wire(request.role(), "role", MediaRole::fromWire, UPLOAD_ROLES, "upload, reference");
        return new DirectUploadCommand(variant, request.sizeBytes(), request.fileName(), project,
                role == null ? MediaRole.UPLOAD : role, sha256);
    }
}
