package io.clipizy.media.storage;

import io.clipizy.media.config.MediaConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The media bucket in S3. Every call blocks (synchronous client), so each runs on {@link StorageWorkers}. A file is
 * read once, in parts of {@code clipizy.media.storage.part-size}: its SHA-256 is computed on the way and only one part
 * is held in memory at a time; a file larger than one part becomes a multipart upload.
 */
@ApplicationScoped
public class ObjectStorage {
    private static final Logger LOG = Logger.getLogger(ObjectStorage.class);
    private static final long MIN_PART_SIZE = 5L * 1024 * 1024;
    private static final long MAX_PART_SIZE = 512L * 1024 * 1024;
    /** Chunk size of downloads: large enough to keep the pool's hand-offs rare, small enough to stream smoothly. */
    private static final int READ_CHUNK = 64 * 1024;

    private final S3Client s3;
    private final StorageWorkers workers;
    private final String bucket;
    private final int partSize;
    private final Duration healthTimeout;

    public ObjectStorage(S3Client s3, StorageWorkers workers, MediaConfig config) {
        long configured = config.storage().partSize().asLongValue();
        if (configured < MIN_PART_SIZE || configured > MAX_PART_SIZE) {
            throw new IllegalStateException("clipizy.media.storage.part-size must be between 5M and 512M (S3's part "
                    + "minimum, and a sane memory bound), not " + configured + " bytes");
        }
        this.s3 = s3;
        this.workers = workers;
        this.bucket = config.bucket();
        this.partSize = (int) configured;
        this.healthTimeout = config.storage().healthTimeout();
    }

    public String bucket() {
        return bucket;
    }

    /** Stores {@code file} under {@code key}; nothing is left under the key when this fails. */
    public Uni<StoredObject> put(String key, Path file, String contentType) {
        return workers.transfer(() -> guarded("store " + key, () -> write(key, file, contentType)));
    }

    /** Opens the object under {@code key} for reading; the caller closes (or aborts) the stream. */
    public Uni<ObjectContent> open(String key) {
        return workers.call(() -> guarded("read " + key, () -> {
            try {
                ResponseInputStream<GetObjectResponse> stream = s3.getObject(b -> b.bucket(bucket).key(key));
                return new ObjectContent(stream, stream.response().contentLength());
            } catch (NoSuchKeyException e) {
                throw new StorageObjectMissingException(key, e);
            }
        }));
    }

    /** The next chunk of an open object; empty at its end. */
    public Uni<byte[]> read(ObjectContent content) {
        return workers.call(() -> {
            try {
                return content.stream().readNBytes(READ_CHUNK);
            } catch (IOException e) {
                throw new StorageUnavailableException("reading from S3 failed: " + e.getMessage(), e);
            }
        });
    }

    /** Opens bytes {@code first}..{@code last} (inclusive) of the object under {@code key}. */
    public Uni<ObjectContent> open(String key, long first, long last) {
        return workers.call(() -> guarded("read " + key, () -> {
            try {
                ResponseInputStream<GetObjectResponse> stream = s3.getObject(b -> b.bucket(bucket).key(key)
                        .range("bytes=" + first + "-" + last));
                return new ObjectContent(stream, stream.response().contentLength());
            } catch (NoSuchKeyException e) {
                throw new StorageObjectMissingException(key, e);
            }
        }));
    }

    /** Copies the object under {@code key} into {@code target}, hashing it on the way; runs on the upload pool. */
    public Uni<StoredObject> fetch(String key, Path target) {
        return workers.transfer(() -> guarded("read " + key, () -> {
            MessageDigest sha256 = sha256();
            try (InputStream in = new DigestInputStream(s3.getObject(b -> b.bucket(bucket).key(key)), sha256)) {
                long size = Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                return new StoredObject(size, HexFormat.of().formatHex(sha256.digest()));
            } catch (NoSuchKeyException e) {
                throw new StorageObjectMissingException(key, e);
            } catch (IOException e) {
                throw new StorageUnavailableException("reading " + key + " from S3 failed: " + e.getMessage(), e);
            }
        }));
    }

    /** The size in bytes of the object under {@code key}. */
    public Uni<Long> size(String key) {
        return workers.call(() -> guarded("inspect " + key, () -> {
            try {
                return s3.headObject(b -> b.bucket(bucket).key(key)).contentLength();
            } catch (NoSuchKeyException e) {
                throw new StorageObjectMissingException(key, e);
            }
        }));
    }

    /** Begins a multipart upload whose parts the client sends itself; answers its upload id. */
    public Uni<String> startMultipart(String key, String contentType) {
        return workers.call(() -> guarded("start an upload to " + key, () -> s3.createMultipartUpload(
                b -> b.bucket(bucket).key(key).contentType(contentType)).uploadId()));
    }

    /**
     * Completes a client's multipart upload with the parts S3 received, in order: the client need not report ETags
     * (which browsers only see when CORS exposes them). No parts at all leaves the object missing.
     */
    public Uni<Void> completeMultipart(String key, String uploadId) {
        return workers.call(() -> guarded("complete the upload to " + key, () -> {
            List<CompletedPart> parts = new ArrayList<>();
            try {
                s3.listPartsPaginator(b -> b.bucket(bucket).key(key).uploadId(uploadId)).parts().forEach(part ->
                        parts.add(CompletedPart.builder().partNumber(part.partNumber()).eTag(part.eTag()).build()));
            } catch (NoSuchUploadException e) {
                throw new StorageObjectMissingException(key, e);
            }
            if (parts.isEmpty()) {
                throw new StorageObjectMissingException(key, null);
            }
            parts.sort(Comparator.comparing(CompletedPart::partNumber));
            try {
                s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                        .multipartUpload(m -> m.parts(parts)));
            } catch (NoSuchUploadException e) {
                throw new StorageObjectMissingException(key, e);
            }
            return null;
        }));
    }

    /** Drops a client's unfinished multipart upload; failures are only logged (S3 lifecycle rules clean up too). */
    public Uni<Void> abortMultipart(String key, String uploadId) {
        return workers.call(() -> {
            abort(key, uploadId);
            return null;
        });
    }

    /** One page (up to 1,000 keys) of the objects under {@code prefix}, after {@code continuation} (null: the first). */
    public Uni<ListedPage> list(String prefix, String continuation) {
        return workers.call(() -> guarded("list " + prefix, () -> {
            var response = s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix).continuationToken(continuation));
            List<ListedObject> objects = response.contents().stream()
                    .map(o -> new ListedObject(o.key(), o.lastModified())).toList();
            return new ListedPage(objects, Boolean.TRUE.equals(response.isTruncated())
                    ? response.nextContinuationToken() : null);
        }));
    }

    /** Whether an object lies under {@code key}. */
    public Uni<Boolean> exists(String key) {
        return size(key).map(size -> true).onFailure(StorageObjectMissingException.class).recoverWithItem(false);
    }

    /** An object found by listing: its key and when it was last written. */
    public record ListedObject(String key, java.time.Instant lastModified) {
    }

    /** A page of a listing, and the token of the next page (null at the end). */
    public record ListedPage(List<ListedObject> objects, String next) {
    }

    public Uni<Void> delete(String key) {
        return workers.call(() -> guarded("delete " + key, () -> {
            s3.deleteObject(b -> b.bucket(bucket).key(key));
            return null;
        }));
    }

    /**
     * Succeeds when the bucket is there and S3 answers within the health timeout; the outer bound also covers waiting
     * for a free pool thread, so a readiness probe never hangs.
     */
    public Uni<Void> checkBucket() {
        return workers.<Void>call(() -> guarded("check the bucket", () -> {
            s3.headBucket(b -> b.bucket(bucket).overrideConfiguration(o -> o.apiCallTimeout(healthTimeout)));
            return null;
        })).ifNoItem().after(healthTimeout.multipliedBy(2)).failWith(() -> new StorageUnavailableException(
                "S3 did not answer within " + healthTimeout.multipliedBy(2), null));
    }

    /** Creates the bucket when it is absent (blocking: callers run off the event loop); answers true if created. */
    public boolean ensureBucket() {
        return guarded("create the bucket", () -> {
            try {
                s3.headBucket(b -> b.bucket(bucket));
                return false;
            } catch (NoSuchBucketException absent) {
                try {
                    s3.createBucket(b -> b.bucket(bucket));
                    return true;
                } catch (BucketAlreadyOwnedByYouException raced) {
                    return false; // another instance created it first
                }
            }
        });
    }

    private StoredObject write(String key, Path file, String contentType) {
        MessageDigest sha256 = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha256)) {
            byte[] part = new byte[(int) Math.min(partSize, Math.max(1, Files.size(file)))];
            int length = in.readNBytes(part, 0, part.length);
            int next = length == part.length ? in.read() : -1;
            long total;
            if (next < 0) {
                s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType).contentLength((long) length),
                        body(part, length, contentType));
                total = length;
            } else {
                total = writeMultipart(key, contentType, in, part, length, next);
            }
            return new StoredObject(total, HexFormat.of().formatHex(sha256.digest()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the upload " + file, e);
        }
    }

    /** Sends the file part by part; {@code first} holds the first part and {@code next} the byte after it. */
    private long writeMultipart(String key, String contentType, InputStream in, byte[] first, int firstLength, int next)
            throws IOException {
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key).contentType(contentType)).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            byte[] buffer = first;
            int length = firstLength;
            int carry = next;
            long total = 0;
            while (length > 0) {
                int number = parts.size() + 1;
                int size = length;
                String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number)
                        .contentLength((long) size), body(buffer, size, contentType)).eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
                total += size;
                length = 0;
                if (carry >= 0) {
                    buffer[0] = (byte) carry;
                    length = 1 + in.readNBytes(buffer, 1, buffer.length - 1);
                    carry = length == buffer.length ? in.read() : -1;
                }
            }
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
            return total;
        } catch (RuntimeException | IOException e) {
            abort(key, uploadId);
            throw e;
        }
    }

    private void abort(String key, String uploadId) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
        } catch (SdkException e) {
            LOG.warnf("Could not abort the multipart upload of %s (S3 drops it by its lifecycle rules): %s", key,
                    e.getMessage());
        }
    }

    /** A body over the part buffer, re-readable without copying: the SDK reads it once to sign and once to send. */
    private static RequestBody body(byte[] buffer, int length, String contentType) {
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(buffer, 0, length), length, contentType);
    }

    /** Runs an S3 call, turning the SDK's failures into this service's: unavailable, or missing. */
    private static <T> T guarded(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (StorageObjectMissingException e) {
            throw e;
        } catch (S3Exception e) {
            throw new StorageUnavailableException("S3 refused to " + what + ": " + e.statusCode() + " "
                    + (e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorCode()), e);
        } catch (SdkException e) {
            throw new StorageUnavailableException("S3 is unreachable, could not " + what + ": " + e.getMessage(), e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
