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
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
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
