package io.clipizy.media.api;

import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.problem.Problem;
import io.clipizy.contracts.problem.ProblemType;
import io.clipizy.contracts.rest.StoreOutputRequest;
import io.clipizy.contracts.rest.StoredMedia;
import io.clipizy.kit.web.ProblemException;
import io.clipizy.media.domain.MediaAsset;
import io.clipizy.media.service.OutputService;
import io.clipizy.media.service.Upload;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import java.util.List;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * {@code /api/internal/media/outputs}: generation-gateway stores a task's generated output here, with service
 * credentials (client-credentials token with the {@code service} role). A multipart request: {@code metadata}, the
 * JSON of a {@link StoreOutputRequest}, and {@code file}, the bytes. 201 when stored, 200 when it was stored already.
 */
@Path("/api/internal/media/outputs")
@RolesAllowed(OutputResource.SERVICE_ROLE)
@Produces(MediaType.APPLICATION_JSON)
public class OutputResource {
    /** The realm role of services calling each other with client-credentials tokens. */
    static final String SERVICE_ROLE = "service";

    @Inject
    OutputService outputs;

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Uni<RestResponse<StoredMedia>> store(@RestForm("metadata") String metadata, @RestForm("file") FileUpload file) {
        if (metadata == null || metadata.isBlank()) {
            throw required("metadata", "A part named 'metadata' with the output's JSON description is required");
        }
        if (file == null) {
            throw required("file", "A file part named 'file' is required");
        }
        StoreOutputRequest request = JsonCodec.decode(metadata, StoreOutputRequest.class);
        if (file.size() <= 0) {
            throw new ProblemException(ProblemType.VALIDATION, "The output file is empty",
                    List.of(new Problem.FieldViolation("file", "must not be empty")));
        }
        // the kind the gateway states picks between the kinds a container can hold (sound-only MP4); bytes decide
        Upload upload = new Upload(file.uploadedFile(), file.size(), request.fileName(), request.kind().wire() + "/*");
        return outputs.store(request, upload).map(stored -> RestResponse.ResponseBuilder
                .<StoredMedia>create(stored.created() ? RestResponse.Status.CREATED : RestResponse.Status.OK)
                .location(URI.create(MediaResource.PATH + "/" + stored.asset().id()))
                .entity(answer(stored.asset())).build());
    }

    private static StoredMedia answer(MediaAsset a) {
        return new StoredMedia(a.id(), a.ownerId(), a.kind(), a.contentType(), a.sizeBytes(), a.sha256());
    }

    private static ProblemException required(String field, String detail) {
        return new ProblemException(ProblemType.VALIDATION, detail, List.of(new Problem.FieldViolation(field, "is required")));
    }
}
