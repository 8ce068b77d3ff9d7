package io.clipizy.gateway.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.clipizy.contracts.event.TaskStatus;
import io.clipizy.contracts.problem.Problem;
import io.clipizy.contracts.problem.ProblemType;
import io.clipizy.gateway.local.Cancellation;
import io.clipizy.gateway.local.LocalEngine;
import io.clipizy.gateway.local.ProgressListener;
import io.clipizy.kit.security.CurrentUser;
import io.clipizy.kit.security.Roles;
import io.clipizy.kit.web.Page;
import io.clipizy.kit.web.ProblemException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.http.HttpClientResponse;
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
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestMulti;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * The video half of the jobs API of the original AI Content Lab, under {@code /api/v1/videos}: jobs of 1–4 variants
 * (each variant a task), their generations' content as MP4 (Range forwarded) or GIF, video analysis, safe file names
 * and prompt enhancement. Owner-only: another user's job or generation is a 404.
 */
@Path("/api/v1/videos")
@RolesAllowed(Roles.USER)
@Produces(MediaType.APPLICATION_JSON)
public class VideosResource {
    private static final List<String> FORWARDED = List.of("Content-Type", "Content-Length", "Content-Range",
            "Accept-Ranges", "ETag", "Last-Modified");

    @Inject
    JobService jobs;

    @Inject
    CurrentUser user;

    @Inject
    JsonWebToken token;

    @Inject
    MediaClient media;

    @Inject
    MediaWorkers workers;

    @Inject
    LocalEngine engine;

    @Inject
    JobsConfig config;

    @Inject
    VideoAnalysisService analysis;

    @Inject
    PromptService prompts;

    @POST
    @Path("/jobs")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<JobView>> create(VideoJobRequest request) {
        return jobs.createVideo(user.id(), required(request)).map(job -> RestResponse.ResponseBuilder
                .<JobView>created(URI.create("/api/v1/videos/jobs/" + job.id())).entity(job).build());
    }

    @GET
    @Path("/jobs")
    public Uni<Page<JobView>> list(@QueryParam("status") TaskStatus status,
                                   @QueryParam("page") @DefaultValue("0") int page,
                                   @QueryParam("size") @DefaultValue("20") int size) {
        Page.validate(page, size);
        return jobs.list(user.id(), JobMedia.VIDEO, status, page, size);
    }

    /** The ids of the jobs that were deleted. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Deleted(int deleted, List<UUID> ids) {
    }

    /** Deletes every FAILED job of the caller. A literal segment: it is never taken for a job id. */
    @DELETE
    @Path("/jobs/failed")
    public Uni<Deleted> deleteFailed() {
        return jobs.deleteFailed(user.id(), JobMedia.VIDEO).map(ids -> new Deleted(ids.size(), ids));
    }

    @GET
    @Path("/jobs/{id}")
    public Uni<JobView> get(@RestPath UUID id) {
        return jobs.get(user.id(), JobMedia.VIDEO, id);
    }

    /** Cancels the job's unfinished variants and deletes it. */
    @DELETE
    @Path("/jobs/{id}")
    public Uni<RestResponse<Void>> delete(@RestPath UUID id) {
        return jobs.delete(user.id(), JobMedia.VIDEO, id).map(ignored -> RestResponse.noContent());
    }

    /**
     * A generation's content: the MP4 streamed from media-service (with the caller's token, {@code Range} forwarded,
     * 206 answered as such), or with {@code as_gif=true} an animated GIF made with FFmpeg on the media workers. The
     * actual Content-Type (media-service's, or image/gif) is set on the response; errors are problem+json.
     */
    @GET
    @Path("/generations/{id}/content")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public RestMulti<byte[]> content(@RestPath UUID id, @QueryParam("as_gif") @DefaultValue("false") String asGif,
                                     @HeaderParam("Range") String range) {
        boolean gif = flag("as_gif", asGif);
        String owner = user.id();
        String bearer = token.getRawToken();
        if (gif) {
            Uni<byte[]> bytes = jobs.jobOfGeneration(owner, id).chain(job -> WorkDirs.with(dir -> media
                    .download(id, bearer, dir.resolve("input.mp4"), config.maxVideoBytes())
                    .chain(input -> workers.run(() -> {
                        java.nio.file.Path out = engine.mediaTools().gif(input, dir.resolve("output.gif"),
                                config.gif().maxWidth(), config.gif().fps(), config.gif().maxBytes(),
                                Cancellation.create(), ProgressListener.NONE);
                        try {
                            return Files.readAllBytes(out);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }))));
            return RestMulti.fromUniResponse(bytes, b -> Multi.createFrom().item(b), b -> Map.of(
                    "Content-Type", List.of("image/gif"),
                    "Content-Length", List.of(Integer.toString(b.length)),
                    "Accept-Ranges", List.of("none"),
                    "Content-Disposition", List.of("inline; filename=\"" + id + ".gif\"")), b -> 200);
        }
        Uni<HttpClientResponse> upstream = jobs.jobOfGeneration(owner, id).chain(job -> media.open(id, bearer, range));
        return RestMulti.fromUniResponse(upstream, r -> r.toMulti().map(buffer -> buffer.getBytes()),
                VideosResource::forwardedHeaders, HttpClientResponse::statusCode);
    }

    private static Map<String, List<String>> forwardedHeaders(HttpClientResponse response) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : FORWARDED) {
            String value = response.getHeader(name);
            if (value != null) {
                headers.put(name, List.of(value));
            }
        }
        headers.putIfAbsent("Accept-Ranges", List.of("bytes"));
        return headers;
    }

    /** {@code {"video": "<media id>"}}: analyse one of the caller's videos in media-service. */
    public record AnalyzeRequest(String video) {
    }

    @POST
    @Path("/analyze")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<JsonNode> analyze(AnalyzeRequest request) {
        UUID id = uuid("video", required(request).video());
        String owner = user.id();
        String bearer = token.getRawToken();
        return WorkDirs.with(dir -> media.download(id, bearer, dir.resolve("input.video"), config.maxVideoBytes())
                .chain(file -> analysis.analyze(owner, file, dir)));
    }

    /** A video uploaded with the request ({@code multipart/form-data}, part {@code file}). */
    @POST
    @Path("/analyze")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Uni<JsonNode> analyzeUpload(@RestForm("file") FileUpload file) {
        if (file == null || file.uploadedFile() == null) {
            throw new ProblemException(ProblemType.VALIDATION, "file: a video file part named 'file' is required",
                    List.of(new Problem.FieldViolation("file", "is required")));
        }
        if (file.size() > config.maxVideoBytes()) {
            throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, "The video is larger than "
                    + (config.maxVideoBytes() / (1024 * 1024)) + " MiB");
        }
        String owner = user.id();
        return WorkDirs.with(dir -> analysis.analyze(owner, file.uploadedFile(), dir));
    }

    /** {@code {prompt, gen_id, extension}}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record FilenameRequest(String prompt, String genId, String extension) {
    }

    /** The safe file name. */
    public record Filename(String filename) {
    }

    @POST
    @Path("/filename/generate")
    @Consumes(MediaType.APPLICATION_JSON)
    public Filename filename(FilenameRequest request) {
        FilenameRequest r = required(request);
        List<Problem.FieldViolation> errors = new ArrayList<>();
        if (r.prompt() == null || r.prompt().isBlank()) {
            errors.add(new Problem.FieldViolation("prompt", "is required"));
        } else if (r.prompt().length() > VideoJobRequest.MAX_PROMPT) {
            errors.add(new Problem.FieldViolation("prompt", "must be at most " + VideoJobRequest.MAX_PROMPT + " characters"));
        }
        if (r.genId() != null && r.genId().length() > 128) {
            errors.add(new Problem.FieldViolation("gen_id", "must be at most 128 characters"));
        }
        String extension = r.extension() == null ? "mp4" : r.extension();
        if (SafeFilenames.extension(extension) == null) {
            errors.add(new Problem.FieldViolation("extension", "must be one of "
                    + String.join(", ", SafeFilenames.EXTENSIONS.stream().sorted().toList())));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(ProblemType.VALIDATION, errors.get(0).field() + ": " + errors.get(0).message(), errors);
        }
        return new Filename(SafeFilenames.generate(r.prompt(), r.genId(), extension));
    }

    /** {@code {"prompt": "..."}}. */
    public record EnhanceRequest(String prompt) {
    }

    @POST
    @Path("/prompt/enhance")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<PromptService.Enhanced> enhance(EnhanceRequest request) {
        EnhanceRequest r = required(request);
        new Violations().text("prompt", r.prompt(), VideoJobRequest.MAX_PROMPT).throwIfAny();
        String owner = user.id();
        return WorkDirs.with(dir -> prompts.enhance(owner, r.prompt(), dir));
    }

    static <T> T required(T body) {
        if (body == null) {
            throw new ProblemException(ProblemType.VALIDATION, "A JSON body is required");
        }
        return body;
    }

    private static UUID uuid(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new ProblemException(ProblemType.VALIDATION, field + ": is required",
                    List.of(new Problem.FieldViolation(field, "is required")));
        }
        try {
            return UUID.fromString(value.strip());
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ProblemType.VALIDATION, field + ": must be a media id (UUID)",
                    List.of(new Problem.FieldViolation(field, "must be a media id (UUID)")));
        }
    }

    private static boolean flag(String name, String value) {
        if ("true".equalsIgnoreCase(value) || "1".equals(value)) {
            return true;
        }
        if ("false".equalsIgnoreCase(value) || "0".equals(value) || value.isEmpty()) {
            return false;
        }
        throw new ProblemException(ProblemType.VALIDATION, name + ": must be true or false",
                List.of(new Problem.FieldViolation(name, "must be true or false")));
    }
}
