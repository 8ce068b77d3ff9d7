package io.clipizy.media.service;

import io.clipizy.contracts.problem.ProblemType;
import io.clipizy.contracts.rest.StoreOutputRequest;
import io.clipizy.kit.outbox.Outbox;
import io.clipizy.kit.outbox.UnitOfWork;
import io.clipizy.kit.web.ProblemException;
import io.clipizy.media.domain.AssetStatus;
import io.clipizy.media.domain.FileNames;
import io.clipizy.media.domain.MediaAsset;
import io.clipizy.media.domain.StorageKeys;
import io.clipizy.media.persistence.DerivationRepository;
import io.clipizy.media.persistence.MediaAssetRepository;
import io.clipizy.media.storage.ObjectStorage;
import io.clipizy.media.storage.StorageUnavailableException;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;

/**
 * Stores the generated outputs generation-gateway hands over, idempotently by task id and output index: a repeat (a
 * retry after a lost answer, or two racing attempts) answers the asset stored first and stores nothing more. The
 * outputs are inspected like any upload (type sniffed, FFprobe facts, size limits) and announced with their task id.
 * They are not counted against the owner's quota: the owner paid for them in credits when the task was accepted.
 */
@ApplicationScoped
public class OutputService {
    private static final String UNIQUE_VIOLATION = "23505";

    @Inject
    UploadInspector inspector;

    @Inject
    ObjectStorage storage;

    @Inject
    MediaAssetRepository assets;

    @Inject
    DerivationRepository derivations;

    @Inject
    MediaService media;

    @Inject
    Outbox outbox;

    @Inject
    UnitOfWork unitOfWork;

    /** The stored output, and whether this call stored it (false: it was there already). */
    public record Stored(MediaAsset asset, boolean created) {
    }

    public Uni<Stored> store(StoreOutputRequest request, Upload upload) {
        return existing(request).chain(found -> found != null ? Uni.createFrom().item(new Stored(found, false))
                : inspector.inspect(upload).chain(inspection -> MediaService.detached(
                        storeNew(request, upload, inspection))));
    }

    private Uni<Stored> storeNew(StoreOutputRequest request, Upload upload, Inspection inspection) {
        UUID id = UUID.randomUUID();
        String key = StorageKeys.of(request.ownerId(), request.projectId(), inspection.kind(), id,
                inspection.variant().extension());
        return storage.put(key, upload.file(), inspection.variant().contentType())
                .onFailure(StorageUnavailableException.class).transform(MediaService::unavailable)
                .chain(stored -> {
                    MediaAsset asset = new MediaAsset(id, request.ownerId(), request.projectId(), inspection.kind(),
                            request.role(), inspection.variant().contentType(), stored.sizeBytes(), stored.sha256(),
                            FileNames.sanitize(request.fileName()), key, AssetStatus.READY, inspection.facts(),
                            request.taskId(), request.outputIndex(), null, null);
                    return unitOfWork.run(tx -> assets.insert(tx, asset)
                                    .call(saved -> derivations.plan(tx, saved))
                                    .call(saved -> outbox.append(tx, saved.stored())))
                            .map(saved -> new Stored(saved, true))
                            .onFailure().call(failure -> media.removeObject(key))
                            .onFailure(OutputService::raced).recoverWithUni(raced -> existing(request)
                                    .map(first -> new Stored(first, false)));
                });
    }

    /** The output already stored for the task and index; a different owner named for it is a conflict. */
    private Uni<MediaAsset> existing(StoreOutputRequest request) {
        return unitOfWork.read(c -> assets.findOutput(c, request.taskId(), request.outputIndex())).invoke(found -> {
            if (found != null && !found.ownerId().equals(request.ownerId())) {
                throw new ProblemException(ProblemType.CONFLICT, "Output " + request.outputIndex() + " of task "
                        + request.taskId() + " is stored already for another owner");
            }
        });
    }

    /** Another attempt stored the same task output between our check and our insert. */
    private static boolean raced(Throwable failure) {
        return failure instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState());
    }
}
