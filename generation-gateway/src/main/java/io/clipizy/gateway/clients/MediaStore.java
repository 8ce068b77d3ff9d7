package io.clipizy.gateway.clients;

import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.event.ErrorCode;
import io.clipizy.contracts.event.MediaRole;
import io.clipizy.contracts.rest.StoreOutputRequest;
import io.clipizy.contracts.rest.StoredMedia;
import io.clipizy.gateway.domain.Task;
import io.clipizy.gateway.execution.ExecutionConfig;
import io.clipizy.gateway.provider.InputMedia;
import io.clipizy.gateway.provider.ProviderException;
import io.clipizy.gateway.provider.ProviderResult;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.file.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.client.api.ClientMultipartForm;

/**
 * The gateway's side of media-service: stores a task's outputs ({@code POST /api/internal/media/outputs}, idempotent by
 * task id and output index, so a retried upload stores once) and gives providers the task's input media as the task's
 * owner may see them.
 */
@ApplicationScoped
public class MediaStore {
    @Inject
    @RestClient
    MediaApi media;

    @Inject
    ServiceTokens tokens;

    @Inject
    ExecutionConfig config;

    @Inject
    Vertx vertx;

    @ConfigProperty(name = "quarkus.rest-client.media.url")
    String mediaUrl;

    private WebClient web;

    @PostConstruct
    void init() {
        web = WebClient.create(vertx);
    }

    @PreDestroy
    void close() {
        web.close();
    }

    /** Stores output {@code index} of the task; a failure is a {@link ProviderException} with the task's error code. */
    public Uni<StoredMedia> store(Task task, int index, ProviderResult.Output output) {
        StoreOutputRequest metadata = new StoreOutputRequest(task.id(), index, task.ownerId(), task.projectId(),
                output.kind(), MediaRole.GENERATED, output.fileName());
        String fileName = output.fileName() == null ? output.file().getFileName().toString() : output.fileName();
        return PeerFailures.withRetries(() -> media.store(ClientMultipartForm.create()
                                .attribute("metadata", JsonCodec.encode(metadata), null)
                                .binaryFileUpload("file", fileName, output.file().toString(), output.contentType())),
                        config.mediaRetries(), config.retryBackoff(), tokens)
                .onFailure().transform(failure -> {
                    int status = PeerFailures.status(failure);
                    if (PeerFailures.transient_(failure) && status != 401) {
                        return new ProviderException(ErrorCode.PROVIDER_UNAVAILABLE, "The media service could not be "
                                + "reached to store the result, so the work was lost; try again in a few minutes",
                                true, null, failure);
                    }
                    String detail = PeerFailures.detail(failure);
                    return new ProviderException(ErrorCode.INTERNAL, "The media service refused to store output "
                            + index + " (HTTP " + status + (detail == null ? "" : ": " + detail) + ")", false, null,
                            failure);
                });
    }

    /** The input media of one task, downloaded into {@code workDir} as the task's owner may see them. */
    public InputMedia inputsFor(Task task, Path workDir) {
        return new MediaInputs(media, web, vertx, tokens, URI.create(mediaUrl), task.ownerId(), workDir.resolve("inputs"));
    }
}
