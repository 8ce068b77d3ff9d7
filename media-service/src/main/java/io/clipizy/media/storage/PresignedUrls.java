package io.clipizy.media.storage;

import io.clipizy.media.config.MediaConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Signs URLs that let a client talk to S3 directly for a while: download an object, upload one in a single PUT, or
 * upload one part of a multipart upload. Signing is local computation (no call to S3), so it may run anywhere.
 * <p>
 * The URLs are signed for the endpoint clients reach S3 at, {@code clipizy.s3.public-endpoint} (a browser cannot reach
 * the cluster-internal address the service itself uses); the host is part of the signature, so it is signed for, never
 * rewritten afterwards. Without that setting, or when it names the service's own endpoint, the service's presigner is
 * used as is.
 */
@ApplicationScoped
public class PresignedUrls {
    private static final Logger LOG = Logger.getLogger(PresignedUrls.class);

    private final S3Presigner presigner;
    private final boolean ownPresigner;
    private final String bucket;

    @Inject
    public PresignedUrls(S3Presigner presigner, S3Client s3, MediaConfig config,
                         @ConfigProperty(name = "clipizy.s3.public-endpoint") Optional<URI> publicEndpoint,
                         @ConfigProperty(name = "quarkus.s3.path-style-access", defaultValue = "false") boolean pathStyle) {
        URI internal = s3.serviceClientConfiguration().endpointOverride().orElse(null);
        Optional<URI> distinct = publicEndpoint.map(PresignedUrls::validated).filter(uri -> !uri.equals(internal));
        this.presigner = distinct.map(uri -> publicPresigner(s3, uri, pathStyle)).orElse(presigner);
        this.ownPresigner = distinct.isPresent();
        this.bucket = config.bucket();
        distinct.ifPresent(uri -> LOG.infof("Presigned URLs are signed for the public S3 endpoint %s", uri));
    }

    /** Signs with {@code presigner} as it is configured; the instance the service uses is built by the other one. */
    public PresignedUrls(S3Presigner presigner, String bucket) {
        this.presigner = presigner;
        this.ownPresigner = false;
        this.bucket = bucket;
    }

    /** A presigner like the service's S3 client (region, credentials, addressing style) but for {@code endpoint}. */
    private static S3Presigner publicPresigner(S3Client s3, URI endpoint, boolean pathStyle) {
        var client = s3.serviceClientConfiguration();
        return S3Presigner.builder()
                .region(client.region())
                .credentialsProvider(client.credentialsProvider())
                .endpointOverride(endpoint)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(pathStyle).build())
                .build();
    }

    private static URI validated(URI endpoint) {
        if (endpoint.getScheme() == null || !endpoint.getScheme().matches("(?i)https?") || endpoint.getHost() == null
                || (endpoint.getPath() != null && !endpoint.getPath().isEmpty() && !endpoint.getPath().equals("/"))) {
            throw new IllegalStateException("clipizy.s3.public-endpoint must be an http(s) URL of the form "
                    + "scheme://host[:port], not " + endpoint);
        }
        return endpoint;
    }

    @PreDestroy
    void close() {
        if (ownPresigner) {
            presigner.close();
        }
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
