package io.clipizy.media.service;

import io.clipizy.contracts.problem.Problem;
import io.clipizy.contracts.problem.ProblemType;
import io.clipizy.kit.outbox.Outbox;
import io.clipizy.kit.outbox.UnitOfWork;
import io.clipizy.kit.web.ProblemException;
import io.clipizy.media.config.MediaConfig;
import io.clipizy.media.domain.AssetStatus;
import io.clipizy.media.domain.DirectUpload;
import io.clipizy.media.domain.FileNames;
import io.clipizy.media.domain.MediaAsset;
import io.clipizy.media.domain.MediaFormat;
import io.clipizy.media.domain.StorageKeys;
import io.clipizy.media.persistence.DerivationRepository;
import io.clipizy.media.persistence.DirectUploadRepository;
import io.clipizy.media.persistence.MediaAssetRepository;
import io.clipizy.media.storage.ObjectStorage;
import io.clipizy.media.storage.PresignedUrls;
import io.clipizy.media.storage.StorageObjectMissingException;
import io.clipizy.media.storage.StorageUnavailableException;
import io.clipizy.media.storage.StoredObject;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Uploads that clients send straight to S3. {@link #begin} records the asset as PENDING_UPLOAD (its declared size
 * counted against the quota) and signs a PUT, or part PUTs of an S3 multipart upload for a large file;
 * {@link #complete} assembles the parts and verifies what arrived exactly as a streamed upload is verified (size,
 * SHA-256, type sniffed from the bytes, size limit) before the asset becomes READY, or REJECTED with its bytes removed.
 */
@ApplicationScoped
public class DirectUploadService {
    private static final Logger LOG = Logger.getLogger(DirectUploadService.class);
    private static final int MAX_PARTS = 10_000;

    @Inject
    MediaAssetRepository assets;

    @Inject
    DirectUploadRepository uploads;

    @Inject
    ObjectStorage storage;

    @Inject
    PresignedUrls presigned;

    @Inject
    UploadInspector inspector;

    @Inject
    UploadLimits limits;

    @Inject
    StorageQuota quota;

    @Inject
    DerivationRepository derivations;

    @Inject
    MediaService media;

    @Inject
    Outbox outbox;

    @Inject
    UnitOfWork unitOfWork;

    @Inject
    MediaConfig config;

    /** Records the awaited upload and answers where to send its bytes. */
    public Uni<DirectUploadTicket> begin(String ownerId, DirectUploadCommand command) {
        MediaFormat.Variant variant = command.variant();
        limits.requireWithin(variant.kind(), command.sizeBytes(), "sizeBytes");
        long partSize = config.presign().partSize().asLongValue();
        boolean multipart = command.sizeBytes() > partSize;
        if (multipart && (command.sizeBytes() + partSize - 1) / partSize > MAX_PARTS) {
            throw new IllegalStateException("clipizy.media.presign.part-size is too small for " + command.sizeBytes()
                    + " bytes in at most " + MAX_PARTS + " parts");
        }
        UUID id = UUID.randomUUID();
        String key = StorageKeys.of(ownerId, command.projectId(), variant.kind(), id, variant.extension());
        Instant expiresAt = Instant.now().plus(config.presign().putTtl());
        MediaAsset pending = new MediaAsset(id, ownerId, command.projectId(), variant.kind(), command.role(),
                variant.contentType(), command.sizeBytes(), null, FileNames.sanitize(command.fileName()), key,
                AssetStatus.PENDING_UPLOAD, null, null, null, null, null);
        return unitOfWork.read(c -> quota.check(c, ownerId, command.sizeBytes(), "sizeBytes"))
                .chain(() -> multipart ? storage.startMultipart(key, variant.contentType())
                        .onFailure(StorageUnavailableException.class).transform(MediaService::unavailable)
                        : Uni.createFrom().<String>nullItem())
                .chain(uploadId -> {
                    DirectUpload upload = new DirectUpload(id, uploadId, uploadId == null ? null : partSize,
                            command.sha256(), expiresAt);
                    return unitOfWork.run(tx -> quota.reserve(tx, ownerId, command.sizeBytes(), "sizeBytes")
                                    .chain(() -> assets.insert(tx, pending))
                                    .call(() -> uploads.insert(tx, upload)))
                            .onFailure().call(failure -> uploadId == null ? Uni.createFrom().voidItem()
                                    : storage.abortMultipart(key, uploadId))
                            .map(saved -> ticket(saved, upload));
                });
    }

    private DirectUploadTicket ticket(MediaAsset asset, DirectUpload upload) {
        if (!upload.multipart()) {
            PresignedUrls.Signed put = presigned.put(asset.s3Key(), asset.contentType(), asset.sizeBytes(),
                    config.presign().putTtl());
            return new DirectUploadTicket(asset, put.url(), null, List.of(), put.expiresAt());
        }
        List<DirectUploadTicket.Part> parts = new ArrayList<>();
        long remaining = asset.sizeBytes();
        Instant expiresAt = null;
        for (int number = 1; remaining > 0; number++) {
            long size = Math.min(upload.partSize(), remaining);
            PresignedUrls.Signed part = presigned.part(asset.s3Key(), upload.uploadId(), number, config.presign().putTtl());
            parts.add(new DirectUploadTicket.Part(number, size, part.url()));
            expiresAt = part.expiresAt();
            remaining -= size;
        }
        return new DirectUploadTicket(asset, null, upload.partSize(), parts, expiresAt);
    }

    /**
     * Verifies what the client sent and answers the READY asset. Bytes not there yet (or S3 unavailable) leave the
     * upload pending so the client may finish and try again; bytes that fail verification reject it for good.
     */
    public Uni<MediaAsset> complete(String ownerId, UUID id) {
        return unitOfWork.read(c -> assets.find(c, id).chain(asset -> {
            if (asset == null || !asset.ownerId().equals(ownerId) || asset.status() == AssetStatus.DELETED) {
                throw ProblemException.notFound("Upload");
            }
            return uploads.find(c, id).map(upload -> {
                if (upload == null) {
                    throw ProblemException.notFound("Upload");
                }
                if (asset.status() != AssetStatus.PENDING_UPLOAD) {
                    throw new ProblemException(ProblemType.CONFLICT, "The upload is already " + asset.status());
                }
                return new Pending(asset, upload);
            });
        })).chain(pending -> MediaService.detached(verify(pending)));
    }

    private Uni<MediaAsset> verify(Pending pending) {
        MediaAsset asset = pending.asset();
        Uni<Void> assembled = pending.upload().multipart()
                ? storage.completeMultipart(asset.s3Key(), pending.upload().uploadId()) : Uni.createFrom().voidItem();
        return assembled.chain(() -> storage.size(asset.s3Key()))
                .invoke(size -> requireDeclaredSize(asset, size))
                .chain(size -> Uni.createFrom().item(DirectUploadService::tempFile))
                .chain(file -> fetchAndInspect(pending, file)
                        .eventually(() -> deleteQuietly(file)))
                .chain(measured -> unitOfWork.run(tx -> assets.markReady(tx, measured).call(ready -> {
                    if (ready == null) {
                        throw new ProblemException(ProblemType.CONFLICT, "The upload was completed or removed meanwhile");
                    }
                    return derivations.plan(tx, ready).chain(() -> outbox.append(tx, ready.stored()));
                })))
                .onFailure(StorageObjectMissingException.class).transform(missing -> new ProblemException(
                        ProblemType.CONFLICT, "The upload has not arrived in storage yet; send every byte, then complete it"))
                .onFailure(StorageUnavailableException.class).transform(MediaService::unavailable)
                .onFailure(DirectUploadService::refusal).call(failure -> reject(asset, failure.getMessage()));
    }

    private Uni<MediaAsset> fetchAndInspect(Pending pending, Path file) {
        MediaAsset asset = pending.asset();
        return storage.fetch(asset.s3Key(), file).chain(stored -> {
            requireDeclaredHash(pending.upload(), stored);
            Upload upload = new Upload(file, stored.sizeBytes(), asset.fileName(), asset.contentType());
            return inspector.inspect(upload).map(inspection -> {
                if (!inspection.variant().contentType().equals(asset.contentType())) {
                    throw new ProblemException(ProblemType.UNSUPPORTED_MEDIA_TYPE, "The upload was announced as "
                            + asset.contentType() + " but its content is " + inspection.variant().contentType(),
                            List.of(new Problem.FieldViolation("contentType", "does not match the uploaded content")));
                }
                return new MediaAsset(asset.id(), asset.ownerId(), asset.projectId(), asset.kind(), asset.role(),
                        inspection.variant().contentType(), stored.sizeBytes(), stored.sha256(), asset.fileName(),
                        asset.s3Key(), AssetStatus.READY, inspection.facts(), null, null, asset.createdAt(), null);
            });
        });
    }

    private static void requireDeclaredSize(MediaAsset asset, long size) {
        if (size != asset.sizeBytes()) {
            throw new ProblemException(ProblemType.UNPROCESSABLE, "The upload was announced as " + asset.sizeBytes()
                    + " bytes but " + size + " arrived", List.of(new Problem.FieldViolation("sizeBytes",
                    "does not match the " + size + " bytes uploaded")));
        }
    }

    private static void requireDeclaredHash(DirectUpload upload, StoredObject stored) {
        if (upload.expectedSha256() != null && !upload.expectedSha256().equals(stored.sha256())) {
            throw new ProblemException(ProblemType.UNPROCESSABLE, "The uploaded bytes' SHA-256 is " + stored.sha256()
                    + ", not the " + upload.expectedSha256() + " announced",
                    List.of(new Problem.FieldViolation("sha256", "does not match the uploaded bytes")));
        }
    }

    /** A 4xx answer about the bytes themselves (not "not there yet" or a conflict): the upload is refused for good. */
    private static boolean refusal(Throwable failure) {
        if (!(failure instanceof ProblemException problem)) {
            return false;
        }
        int status = problem.problem().status();
        return status >= 400 && status < 500 && status != 404 && status != 409;
    }

    private Uni<Void> reject(MediaAsset asset, String reason) {
        LOG.infof("Rejected the direct upload %s of %s: %s", asset.id(), asset.ownerId(), reason);
        return unitOfWork.run(tx -> assets.markRejected(tx, asset.id())
                        .call(changed -> uploads.reject(tx, asset.id(), reason)))
                .chain(changed -> media.removeObject(asset.s3Key()));
    }

    private static Path tempFile() {
        try {
            return Files.createTempFile("media-verify-", ".bin");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot create a temp file to verify an upload", e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warnf("Could not remove the temp file %s: %s", file, e.getMessage());
        }
    }

    private record Pending(MediaAsset asset, DirectUpload upload) {
    }
}
