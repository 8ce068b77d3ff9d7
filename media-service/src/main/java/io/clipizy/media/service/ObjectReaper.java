package io.clipizy.media.service;

import io.clipizy.kit.outbox.UnitOfWork;
import io.clipizy.media.persistence.MediaAssetRepository;
import io.clipizy.media.storage.ObjectStorage;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Removes from S3 the bytes of soft-deleted and rejected assets, after their rows were marked (delete is soft first):
 * a removal that fails (S3 down) is simply retried next round, since the row keeps no removal time until it succeeds.
 * An unfinished multipart upload of a direct upload is aborted on the way, so S3 drops its parts too.
 */
@ApplicationScoped
public class ObjectReaper {
    private static final Logger LOG = Logger.getLogger(ObjectReaper.class);
    private static final int BATCH = 100;

    @Inject
    MediaAssetRepository assets;

    @Inject
    ObjectStorage storage;

    @Inject
    UnitOfWork unitOfWork;

    @Scheduled(every = "${clipizy.reaper.every:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> scheduled() {
        return reap().replaceWithVoid().onFailure().recoverWithItem(failure -> {
            LOG.warnf("Removing deleted media from S3 failed, next round retries: %s", failure.getMessage());
            return null;
        });
    }

    /** One round: removes up to a batch of objects; answers how many rows it settled. */
    public Uni<Integer> reap() {
        return unitOfWork.read(c -> assets.objectsToRemove(c, BATCH))
                .chain(batch -> Multi.createFrom().iterable(batch)
                        .onItem().transformToUniAndConcatenate(this::remove)
                        .collect().asList())
                .chain(removed -> {
                    List<java.util.UUID> ids = removed.stream().filter(java.util.Objects::nonNull).toList();
                    return ids.isEmpty() ? Uni.createFrom().item(0)
                            : unitOfWork.run(tx -> assets.markObjectsRemoved(tx, ids)).replaceWith(ids.size());
                });
    }

    /** Answers the row's id once its bytes are gone, or null when S3 refused (the row waits for the next round). */
    private Uni<java.util.UUID> remove(MediaAssetRepository.ObjectToRemove target) {
        Uni<Void> aborted = target.uploadId() == null ? Uni.createFrom().voidItem()
                : storage.abortMultipart(target.s3Key(), target.uploadId());
        return aborted.chain(() -> storage.delete(target.s3Key()))
                .replaceWith(target.id())
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("Could not remove %s from S3 yet: %s", target.s3Key(), failure.getMessage());
                    return null;
                });
    }
}
