package io.clipizy.media.api;

import io.clipizy.contracts.event.MediaKind;
import io.clipizy.contracts.event.MediaRole;
import io.clipizy.contracts.problem.Problem;
import io.clipizy.contracts.problem.ProblemType;
import io.clipizy.kit.security.CurrentUser;
import io.clipizy.kit.security.Roles;
import io.clipizy.kit.web.Page;
import io.clipizy.kit.web.ProblemException;
import io.clipizy.media.domain.ByteRange;
import io.clipizy.media.domain.FileNames;
import io.clipizy.media.service.Download;
import io.clipizy.media.service.MediaService;
import io.clipizy.media.service.Upload;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.jboss.resteasy.reactive.RestMulti;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

/** {@code /api/media}: upload, read, download, list and delete the caller's media. */
@Path(MediaResource.PATH)
@RolesAllowed(Roles.USER)
@Produces(MediaType.APPLICATION_JSON)
public class MediaResource {
    static final String PATH = "/api/media";
    private static final List<MediaRole> UPLOAD_ROLES = List.of(MediaRole.UPLOAD, MediaRole.REFERENCE);

    @Inject
    MediaService media;

    @Inject
    CurrentUser user;

    @Inject
    UploadDirectory uploads;

    /**
     * A multipart upload: {@code file}, optional {@code projectId} and {@code role} (upload or reference). The body is
     * read here as it streams in, never spooled by the framework first: a request whose announced length is already
     * beyond the largest kind limit or the caller's free quota is answered 413 before a byte of it is read, and a file
     * whose running size passes its kind's limit (or the quota) is refused there and then, leaving nothing behind.
     * Its type is sniffed from its bytes.
     */
    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RequestBody(required = true, content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA,
            schema = @Schema(implementation = UploadForm.class)))
    public Uni<RestResponse<MediaView>> upload(@Context RoutingContext routing) {
        String owner = user.id();
        io.vertx.core.Context requestContext = Vertx.currentContext();
        return media.allowance(owner)
                // the body must be read on the request's own event loop
                .emitOn(task -> requestContext.runOnContext(v -> task.run()))
                .chain(allowance -> {
                    ProblemException tooLong = StreamedMultipart.refusalOfLength(routing, allowance);
                    return tooLong != null ? Uni.createFrom().failure(tooLong)
                            : StreamedMultipart.receive(routing, uploads.path(), allowance);
                })
                .onFailure().transform(failure -> StreamedMultipart.stopReading(routing, failure))
                .chain(received -> Uni.createFrom().deferred(() -> store(owner, received))
                        .eventually(() -> StreamedMultipart.remove(routing.vertx(), received.file())));
    }

    private Uni<RestResponse<MediaView>> store(String owner, StreamedMultipart.Received received) {
        UUID project = RequestValues.uuid(received.form().get("projectId"), "projectId");
        MediaRole asRole = RequestValues.wire(received.form().get("role"), "role", MediaRole::fromWire, UPLOAD_ROLES,
                "upload, reference");
        Upload upload = new Upload(received.file(), received.size(), received.fileName(), received.declaredType());
        return media.upload(owner, project, asRole == null ? MediaRole.UPLOAD : asRole, upload)
                .map(asset -> RestResponse.ResponseBuilder.<MediaView>created(URI.create(PATH + "/" + asset.id()))
                        .entity(MediaView.of(asset)).build());
    }

    @GET
    @Path("/{id}")
    public Uni<MediaView> get(@RestPath UUID id) {
        return media.get(user.id(), id).map(MediaView::of);
    }

    /** The asset's bytes, streamed from S3 with the content type sniffed at upload. */
    @GET
    @Path("/{id}/content")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public RestMulti<byte[]> content(@RestPath UUID id, @HeaderParam("Range") String range) {
        Uni<Download> download = media.download(user.id(), id, range)
                .onFailure(ByteRange.UnsatisfiableRangeException.class).transform(e -> unsatisfiable(
                        ((ByteRange.UnsatisfiableRangeException) e).size()));
        return RestMulti.fromUniResponse(download, media::chunks, MediaResource::contentHeaders,
                d -> d.range() == null ? 200 : 206);
    }

    /** The asset's thumbnail or waveform: whether it is made yet, failed (and why), and the derived asset. */
    @GET
    @Path("/{id}/derivatives")
    public Uni<List<DerivativeView>> derivatives(@RestPath UUID id) {
        return media.derivatives(user.id(), id).map(list -> list.stream().map(DerivativeView::of).toList());
    }

    /** A presigned GET of the asset's bytes straight from S3, valid for a limited time (15 minutes by default). */
    @GET
    @Path("/{id}/url")
    public Uni<DownloadUrl> url(@RestPath UUID id) {
        return media.downloadUrl(user.id(), id).map(signed -> new DownloadUrl(signed.url(), signed.expiresAt()));
    }

    @GET
    public Uni<Page<MediaView>> list(@QueryParam("projectId") String projectId, @QueryParam("kind") String kind,
                                     @QueryParam("page") @DefaultValue("0") int page,
                                     @QueryParam("size") @DefaultValue("20") int size) {
        Page.validate(page, size);
        UUID project = RequestValues.uuid(projectId, "projectId");
        MediaKind asKind = RequestValues.wire(kind, "kind", MediaKind::fromWire, Arrays.asList(MediaKind.values()),
                "audio, image, video");
        return media.list(user.id(), project, asKind, page, size)
                .map(p -> new Page<>(p.items().stream().map(MediaView::of).toList(), p.page(), p.size(), p.total()));
    }

    @DELETE
    @Path("/{id}")
    public Uni<RestResponse<Void>> delete(@RestPath UUID id) {
        return media.delete(user.id(), id).map(done -> RestResponse.noContent());
    }

    /**
     * nosniff keeps browsers from reading user bytes as something else (HTML, script); the file name travels in the
     * RFC 6266 encoded form only, so nothing in it can break the header.
     */
    static Map<String, List<String>> contentHeaders(Download download) {
        var asset = download.asset();
        String name = asset.fileName() != null ? asset.fileName() : asset.id().toString();
        Map<String, List<String>> headers = new HashMap<>(Map.of(
                "Content-Type", List.of(asset.contentType()),
                "Content-Length", List.of(Long.toString(download.content().contentLength())),
                "Content-Disposition", List.of("inline; filename*=UTF-8''" + FileNames.encoded(name)),
                "Accept-Ranges", List.of("bytes"),
                "X-Content-Type-Options", List.of("nosniff")));
        if (download.range() != null) {
            headers.put("Content-Range", List.of(download.range().contentRange(asset.sizeBytes())));
        }
        return headers;
    }

    /** 416 with the {@code Content-Range: bytes *}{@code /size} header RFC 9110 asks for. */
    static ProblemException unsatisfiable(long size) {
        return new ProblemException(new Problem(URI.create(ProblemType.BASE + "range-not-satisfiable"),
                "Range not satisfiable", 416, "The requested range lies outside the " + size + " bytes of the content",
                null, List.of(new Problem.FieldViolation("Range", "must start before byte " + size))),
                Map.of("Content-Range", "bytes */" + size));
    }
}
