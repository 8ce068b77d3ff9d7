package io.clipizy.media.service;

import io.clipizy.kit.outbox.Outbox;
import io.clipizy.kit.outbox.UnitOfWork;
import io.clipizy.media.config.MediaConfig;
import io.clipizy.media.domain.MediaAsset;
import io.clipizy.media.persistence.DirectUploadRepository;
import io.clipizy.media.persistence.MediaAssetRepository;
import io.clipizy.media.storage.ObjectStorage;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Reconciles S3 and the database both ways, for what the normal paths cannot guarantee (a crash between writing the
 * bytes and the row, a bucket edited by hand): an object no row names is removed, a READY row whose object is gone is
 * marked DELETED and announced, and a direct upload never completed before its URLs expired is rejected (its quota
 * freed, its parts dropped by the removal job). Only objects and rows older than the grace period are judged, so
 * uploads in flight are never mistaken for orphans.
 */
@ApplicationScoped
public class OrphanSweeper {
    private static final Logger LOG = Logger.getLogger(OrphanSweeper.class);
    private static final int ROW_BATCH = 200;

    @Inject
    MediaAssetRepository assets;

    @Inject
    DirectUploadRepository uploads;

    @Inject
    ObjectStorage storage;

    @Inject
    Outbox outbox;

    @Inject
    UnitOfWork unitOfWork;

    @Inject
    MediaConfig config;

    /** What one sweep changed. */
    public record Report(int orphanObjectsRemoved, int lostAssetsDeleted, int expiredUploadsRejected) {
    }

    @Scheduled(every = "${clipizy.sweep.every:6h}", delayed = "${clipizy.sweep.delay:10m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> scheduled() {
        return sweep("users/", Instant.now().minus(config.sweepGrace()))
                .invoke(report -> LOG.infof("Media sweep: %s", report))
                .replaceWithVoid()
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("Media sweep failed, the next one retries: %s", failure.getMessage());
                    return null;
                });
    }

    /** Sweeps the objects under {@code prefix} and the READY rows, judging only what is older than {@code cutoff}. */
    public Uni<Report> sweep(String prefix, Instant cutoff) {
        return removeOrphanObjects(prefix, cutoff)
                .chain(orphans -> deleteLostAssets(prefix, cutoff)
                        .chain(lost -> expireUploads().map(expired -> new Report(orphans, lost, expired))));
    }

    private Uni<Integer> removeOrphanObjects(String prefix, Instant cutoff) {
        AtomicInteger removed = new AtomicInteger();
        return Multi.createBy().repeating()
                .uni(() -> new String[1], token -> storage.list(prefix, token[0]).invoke(page -> token[0] = page.next()))
                .whilst(page -> page.next() != null)
                .onItem().transformToUniAndConcatenate(page -> {
                    List<String> old = page.objects().stream().filter(o -> o.lastModified().isBefore(cutoff))
                            .map(ObjectStorage.ListedObject::key).toList();
                    if (old.isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    return unitOfWork.read(c -> assets.knownKeys(c, old))
                            .chain(known -> Multi.createFrom().iterable(old).select().where(k -> !known.contains(k))
                                    .onItem().transformToUniAndConcatenate(key -> {
                                        LOG.warnf("Removing %s from S3: no asset names it", key);
                                        return storage.delete(key).invoke(() -> removed.incrementAndGet());
                                    })
                                    .collect().last().replaceWithVoid());
                })
                .collect().last().replaceWith(removed::get);
    }

    private Uni<Integer> deleteLostAssets(String prefix, Instant cutoff) {
        AtomicInteger lost = new AtomicInteger();
        return Multi.createBy().repeating()
                .uni(() -> new UUID[1], after -> unitOfWork.read(c -> assets.readyBefore(c, cutoff, after[0], ROW_BATCH))
                        .invoke(batch -> after[0] = batch.isEmpty() ? null : batch.get(batch.size() - 1).id()))
                .whilst(batch -> batch.size() == ROW_BATCH)
                .onItem().transformToUniAndConcatenate(batch -> Multi.createFrom().iterable(batch)
                        .select().where(asset -> asset.s3Key().startsWith(prefix))
                        .onItem().transformToUniAndConcatenate(asset -> storage.exists(asset.s3Key())
                                .chain(exists -> exists ? Uni.createFrom().voidItem() : markLost(asset)
                                        .invoke(() -> lost.incrementAndGet())))
                        .collect().last().replaceWithVoid())
                .collect().last().replaceWith(lost::get);
    }

    private Uni<Void> markLost(MediaAsset asset) {
        LOG.errorf("Asset %s of %s is READY but S3 has no object under %s: marking it DELETED", asset.id(),
                asset.ownerId(), asset.s3Key());
        return unitOfWork.run(tx -> assets.markLost(tx, asset.id()).call(marked -> marked == null
                        ? Uni.createFrom().voidItem()
                        // its thumbnail or waveform goes with it, as on any delete
                        : assets.markDerivedDeleted(tx, marked.id()).chain(derived -> outbox.appendAll(tx,
                                java.util.stream.Stream.concat(java.util.stream.Stream.of(marked), derived.stream())
                                        .map(MediaAsset::deleted).toList()))))
                .replaceWithVoid();
    }

    private Uni<Integer> expireUploads() {
        return unitOfWork.run(tx -> assets.expirePendingUploads(tx)
                .call(expired -> Multi.createFrom().iterable(expired)
                        .onItem().transformToUniAndConcatenate(a -> uploads.reject(tx, a.id(), "expired before completion"))
                        .collect().last()))
                .map(List::size);
    }
}
