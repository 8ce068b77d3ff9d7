package io.clipizy.media.storage;

import io.clipizy.media.config.MediaConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Signs URLs that let a client talk to S3 directly for a while: download an object, upload one in a single PUT, or
 * upload one part of a multipart upload. Signing is local computation (no call to S3), so it may run anywhere.
 */
@ApplicationScoped
public class PresignedUrls {
    private final S3Presigner presigner;
    private final String bucket;

    public PresignedUrls(S3Presigner presigner, MediaConfig config) {
        this.presigner = presigner;
        this.bucket = config.bucket();
    }

    /** A GET of the object that answers with the given content type and an inline, RFC 6266 encoded file name. */
    public Signed get(String key, String contentType, String encodedFileName, Duration ttl) {
        var signed = presigner.presignGetObject(p -> p.signatureDuration(ttl).getObjectRequest(g -> g.bucket(bucket).key(key)
                .responseContentType(contentType)
                .responseContentDisposition("inline; filename*=UTF-8''" + encodedFileName)));
        return new Signed(uri(signed.url()), signed.expiration());
    }

    /** A PUT of exactly {@code length} bytes of {@code contentType}: S3 refuses any other length or type. */
    public Signed put(String key, String contentType, long length, Duration ttl) {
        var signed = presigner.presignPutObject(p -> p.signatureDuration(ttl).putObjectRequest(r -> r.bucket(bucket).key(key)
                .contentType(contentType).contentLength(length)));
        return new Signed(uri(signed.url()), signed.expiration());
    }

    /** A PUT of part {@code partNumber} of the multipart upload {@code uploadId}. */
    public Signed part(String key, String uploadId, int partNumber, Duration ttl) {
        var signed = presigner.presignUploadPart(p -> p.signatureDuration(ttl).uploadPartRequest(r -> r.bucket(bucket)
                .key(key).uploadId(uploadId).partNumber(partNumber)));
        return new Signed(uri(signed.url()), signed.expiration());
    }

    private static URI uri(java.net.URL url) {
        try {
            return url.toURI();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException("the SDK signed an invalid URL", e);
        }
    }

    /** A signed URL and the instant it stops working. */
    public record Signed(URI url, Instant expiresAt) {
    }
}
