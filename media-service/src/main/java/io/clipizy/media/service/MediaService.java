package io.clipizy.media.service;

import io.clipizy.contracts.event.MediaDeleted;
import io.clipizy.contracts.event.MediaKind;
import io.clipizy.contracts.event.MediaRole;
import io.clipizy.contracts.problem.ProblemType;
import io.clipizy.kit.outbox.Outbox;
import io.clipizy.kit.outbox.UnitOfWork;
import io.clipizy.kit.web.Page;
import io.clipizy.kit.web.ProblemException;
import io.clipizy.media.config.MediaConfig;
import io.clipizy.media.domain.AssetStatus;
import io.clipizy.media.domain.ByteRange;
import io.clipizy.media.domain.FileNames;
import io.clipizy.media.domain.GalleryEntry;
import io.clipizy.media.domain.GalleryQuery;
import io.clipizy.media.domain.MediaAsset;
import io.clipizy.media.domain.StorageKeys;
import io.clipizy.media.persistence.DerivationRepository;
import io.clipizy.media.persistence.MediaAssetRepository;
import io.clipizy.media.storage.ObjectContent;
import io.clipizy.media.storage.ObjectStorage;
import io.clipizy.media.storage.PresignedUrls;
import io.clipizy.media.storage.StorageObjectMissingException;
import io.clipizy.media.storage.StorageUnavailableException;
import io.clipizy.media.storage.StoredObject;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Stores, finds, lists and deletes media assets. The bytes go to S3 first; the READY row and its {@code MediaStored}
 * event are written (one transaction, outbox) only once S3 has them, so no row ever points at missing bytes.
 */
@ApplicationScoped
public class MediaService {
    private static final Logger LOG = Logger.getLogger(MediaService.class);

    @Inject
    UploadInspector inspector;

    @Inject
    ObjectStorage storage;

    @Inject
    MediaAssetRepository assets;

    @Inject
    Outbox outbox;

    @Inject
    UnitOfWork unitOfWork;

    @Inject
    StorageQuota quota;

    @Inject
    DerivationRepository derivations;

    @Inject
    PresignedUrls presigned;

    @Inject
    MediaConfig config;

    @Inject
    UploadLimits limits;

    /** What an upload of {@code ownerId} streamed through the service may bring: its kind's limit, the quota left. */
    public Uni<UploadAllowance> allowance(String ownerId) {
        return unitOfWork.read(c -> quota.used(c, ownerId)).map(used -> new UploadAllowance(limits, quota, used));
    }

    /** Inspects, stores and records an upload of {@code ownerId}; answers the READY asset. */
    public Uni<MediaAsset> upload(String ownerId, UUID projectId, MediaRole role, Upload upload) {
        return inspector.inspect(upload)
                .call(inspection -> unitOfWork.read(c -> quota.check(c, ownerId, upload.size(), UploadInspector.FIELD)))
                .chain(inspection -> detached(store(ownerId, projectId, role, upload, inspection)));
    }

    private Uni<MediaAsset> store(String ownerId, UUID projectId, MediaRole role, Upload upload, Inspection inspection) {
        UUID id = UUID.randomUUID();
        String key = StorageKeys.of(ownerId, projectId, inspection.kind(), id, inspection.variant().extension());
        return storage.put(key, upload.file(), inspection.variant().contentType())
                .onFailure(StorageUnavailableException.class).transform(MediaService::unavailable)
                .chain(stored -> record(ready(id, ownerId, projectId, role, upload, inspection, key, stored))
                        .onFailure().call(failure -> removeObject(key)));
    }

    private static MediaAsset ready(UUID id, String ownerId, UUID projectId, MediaRole role, Upload upload,
                                    Inspection inspection, String key, StoredObject stored) {
        return new MediaAsset(id, ownerId, projectId, inspection.kind(), role, inspection.variant().contentType(),
                stored.sizeBytes(), stored.sha256(), FileNames.sanitize(upload.fileName()), key, AssetStatus.READY,
                inspection.facts(), null, null, null, null);
    }

    private Uni<MediaAsset> record(MediaAsset asset) {
        return unitOfWork.run(tx -> quota.reserve(tx, asset.ownerId(), asset.sizeBytes(), UploadInspector.FIELD)
                .chain(() -> assets.insert(tx, asset))
                .call(saved -> derivations.plan(tx, saved))
                .call(saved -> outbox.append(tx, saved.stored())));
    }

    /** The derived assets planned for the owner's asset, with their state and, once made, the asset itself. */
    public Uni<List<Derivative>> derivatives(String ownerId, UUID id) {
        return get(ownerId, id).chain(source -> unitOfWork.read(c -> derivations.forSource(c, source.id())
                .chain(planned -> Multi.createFrom().iterable(planned)
                        .onItem().transformToUniAndConcatenate(d -> d.derivedId() == null
                                ? Uni.createFrom().item(new Derivative(d, null))
                                : assets.find(c, d.derivedId()).map(asset -> new Derivative(d, asset)))
                        .collect().asList())));
    }

    /** The owner's asset, unless deleted; 404 for anyone else's. */
    public Uni<MediaAsset> get(String ownerId, UUID id) {
        return unitOfWork.read(c -> assets.find(c, id)).map(asset -> visible(asset, ownerId));
    }

    /** A page of the owner's gallery: READY source assets, each with its derived picture's id once made. */
    public Uni<Page<GalleryEntry>> gallery(String ownerId, GalleryQuery query, int page, int size) {
        return unitOfWork.read(c -> assets.gallery(c, ownerId, query, page, size));
    }

    public Uni<Page<MediaAsset>> list(String ownerId, UUID projectId, MediaKind kind, int page, int size) {
        return unitOfWork.read(c -> assets.listReady(c, ownerId, projectId, kind, page, size));
    }

    /**
     * Opens the bytes of the owner's READY asset: all of them, or the one range a {@code Range} header asks for (the
     * range is resolved against the stored size before S3 is asked, so an unsatisfiable one costs no S3 call).
     */
    public Uni<Download> download(String ownerId, UUID id, String rangeHeader) {
        return getReady(ownerId, id).chain(asset -> {
            ByteRange range = ByteRange.parse(rangeHeader, asset.sizeBytes());
            Uni<ObjectContent> opened = range == null ? storage.open(asset.s3Key())
                    : storage.open(asset.s3Key(), range.first(), range.last());
            return opened.map(content -> new Download(asset, content, range))
                    .onFailure(StorageObjectMissingException.class).transform(missing -> {
                        LOG.errorf("Asset %s is READY but S3 has no object under %s", asset.id(), asset.s3Key());
                        return new ProblemException(ProblemType.NOT_FOUND, "The media's content is missing from storage");
                    })
                    .onFailure(StorageUnavailableException.class).transform(MediaService::unavailable);
        });
    }

    /** A presigned GET of the owner's READY asset, valid for {@code clipizy.media.presign.get-ttl} (15 min). */
    public Uni<PresignedUrls.Signed> downloadUrl(String ownerId, UUID id) {
        return getReady(ownerId, id).map(asset -> presigned.get(asset.s3Key(), asset.contentType(),
                FileNames.encoded(asset.fileName() != null ? asset.fileName() : asset.id().toString()),
                config.presign().getTtl()));
    }

    /** The owner's asset when it is READY; 404 as {@link #get}, 409 while it is awaited or after it was refused. */
    public Uni<MediaAsset> getReady(String ownerId, UUID id) {
        return get(ownerId, id).invoke(asset -> {
            if (asset.status() != AssetStatus.READY) {
                throw new ProblemException(ProblemType.CONFLICT, "The media is " + asset.status() + ", not READY");
            }
        });
    }

    /** The chunks of an open download, read on the storage pool one at a time, as the client takes them. */
    public Multi<byte[]> chunks(Download download) {
        return Multi.createBy().repeating().uni(() -> storage.read(download.content()))
                .until(chunk -> chunk.length == 0)
                .onTermination().invoke((failure, cancelled) -> {
                    if (failure != null || cancelled) {
                        download.content().stream().abort(); // drop the connection rather than drain the rest
                    } else {
                        closeQuietly(download);
                    }
                });
    }

    /** Soft-deletes the owner's asset (and its derived ones) and announces it; {@link ObjectReaper} removes the bytes. */
    public Uni<Void> delete(String ownerId, UUID id) {
        return unitOfWork.run(tx -> assets.markDeleted(tx, id, ownerId).chain(asset -> {
                    if (asset == null) {
                        throw ProblemException.notFound("Media");
                    }
                    // a source's thumbnail or waveform goes with it
                    return assets.markDerivedDeleted(tx, asset.id()).map(derived -> {
                        List<MediaAsset> all = new java.util.ArrayList<>(derived);
                        all.add(0, asset);
                        return all;
                    });
                }).call(all -> outbox.appendAll(tx, all.stream().map(MediaAsset::deleted).toList())))
                .replaceWithVoid();
    }

    /**
     * In the caller's transaction: soft-deletes every READY asset the owner has in the project, each with its
     * {@link MediaDeleted} event; {@link ObjectReaper} removes their bytes after the commit.
     */
    public Uni<List<MediaAsset>> deleteProject(SqlConnection tx, String ownerId, UUID projectId) {
        return assets.markProjectDeleted(tx, ownerId, projectId)
                .call(deleted -> outbox.appendAll(tx, deleted.stream().map(MediaAsset::deleted).toList()));
    }

    /** Removes bytes whose row was never written or was refused; a failure is left to the sweeper. */
    Uni<Void> removeObject(String key) {
        return storage.delete(key).onFailure().recoverWithUni(failure -> {
            LOG.warnf("Could not remove %s from S3 (its row is already gone or DELETED): %s", key, failure.getMessage());
            return Uni.createFrom().voidItem();
        });
    }

    private static MediaAsset visible(MediaAsset asset, String ownerId) {
        if (asset == null || !asset.ownerId().equals(ownerId) || asset.status() == AssetStatus.DELETED) {
            throw ProblemException.notFound("Media");
        }
        return asset;
    }

    static ProblemException unavailable(Throwable failure) {
        LOG.warnf("Media storage unavailable: %s", failure.getMessage());
        return new ProblemException(ProblemType.DEPENDENCY_UNAVAILABLE,
                "Media storage is unavailable right now; please try again shortly");
    }

    private static void closeQuietly(Download download) {
        try {
            download.content().stream().close();
        } catch (java.io.IOException e) {
            LOG.debugf("Closing the S3 stream of %s failed: %s", download.asset().id(), e.getMessage());
        }
    }

    /**
     * Lets a store that has begun run to its end even if the client hangs up: otherwise an object could reach S3
     * and never get its row (or its removal).
     */
    static <T> Uni<T> detached(Uni<T> work) {
        return Uni.createFrom().emitter(emitter -> work.subscribe().with(emitter::complete, emitter::fail));
    }
}
