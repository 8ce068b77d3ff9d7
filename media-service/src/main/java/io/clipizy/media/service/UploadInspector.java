package io.clipizy.media.service;

import io.clipizy.contracts.event.MediaKind;
import io.clipizy.contracts.problem.Problem;
import io.clipizy.contracts.problem.ProblemType;
import io.clipizy.kit.web.ProblemException;
import io.clipizy.media.domain.ContentSniffer;
import io.clipizy.media.domain.HeaderBytes;
import io.clipizy.media.domain.HeaderProbe;
import io.clipizy.media.domain.MediaFacts;
import io.clipizy.media.domain.MediaFormat;
import io.clipizy.media.ffmpeg.MediaProber;
import io.clipizy.media.ffmpeg.MediaTools;
import io.clipizy.media.ffmpeg.UnreadableMediaException;
import io.clipizy.media.domain.Sniffed;
import io.clipizy.media.storage.StorageWorkers;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Decides whether an upload may be stored, before a byte goes to S3: it must not be empty, its bytes must be a format
 * we serve, a media type the client declared must agree with them, and it must fit its kind's size limit.
 */
@ApplicationScoped
public class UploadInspector {
    static final String FIELD = "file";

    @Inject
    StorageWorkers workers;

    @Inject
    UploadLimits limits;

    @Inject
    MediaTools tools;

    @Inject
    MediaProber prober;

    public Uni<Inspection> inspect(Upload upload) {
        if (upload.size() <= 0) {
            return Uni.createFrom().failure(new ProblemException(ProblemType.VALIDATION, "The uploaded file is empty",
                    List.of(new Problem.FieldViolation(FIELD, "must not be empty"))));
        }
        // reading the header is file I/O: it runs on the storage pool, not on the event loop
        return workers.call(() -> readHeader(upload.file())).map(header -> decide(upload, header))
                .chain(inspection -> inspection.kind() == MediaKind.IMAGE ? Uni.createFrom().item(inspection)
                        : tools.submit(() -> measured(upload, inspection)));
    }

    /** Sound and moving pictures are measured by FFprobe, which also refuses what it cannot read to the end. */
    private Inspection measured(Upload upload, Inspection inspection) {
        try {
            MediaFacts probed = prober.probe(upload.file(), inspection.kind());
            MediaFacts header = inspection.facts();
            return new Inspection(inspection.format(), inspection.variant(), new MediaFacts(
                    probed.durationSeconds() != null ? probed.durationSeconds() : header.durationSeconds(),
                    probed.width() != null ? probed.width() : header.width(),
                    probed.height() != null ? probed.height() : header.height(),
                    probed.fps(), probed.videoCodec(), probed.audioCodec(), probed.sampleRate()));
        } catch (UnreadableMediaException e) {
            throw new ProblemException(ProblemType.UNPROCESSABLE, "The " + inspection.kind().wire()
                    + " cannot be used: " + e.getMessage(),
                    List.of(new Problem.FieldViolation(FIELD, "is not complete, readable " + inspection.kind().wire())));
        }
    }

    private Inspection decide(Upload upload, HeaderBytes header) {
        Sniffed sniffed = ContentSniffer.sniff(header).orElseThrow(() -> unsupported(
                "The file is not an image, audio or video format we accept (PNG, JPEG, GIF, WebP, MP3, WAV, FLAC, Ogg, "
                        + "MP4, M4A, MOV, WebM, Matroska)"));
        MediaFormat.Variant variant = variant(sniffed, UploadLimits.declaredKind(upload.declaredType()), upload.declaredType());
        limits.requireWithin(variant.kind(), upload.size(), FIELD);
        return new Inspection(sniffed.format(), variant,
                MediaFacts.of(HeaderProbe.probe(sniffed.format(), header, upload.size())));
    }

    /**
     * The bytes decide the format; a declared audio/, image/ or video/ type may only pick between the kinds the format
     * can hold (an MP4 holding sound only), and one the format cannot hold is a mismatch.
     */
    private static MediaFormat.Variant variant(Sniffed sniffed, MediaKind declared, String declaredType) {
        if (declared == null || declared == sniffed.kind()) {
            return sniffed.format().as(sniffed.kind());
        }
        MediaFormat.Variant asDeclared = sniffed.format().as(declared);
        if (asDeclared == null) {
            throw unsupported("The file was sent as " + declaredType + " but its content is "
                    + sniffed.format().as(sniffed.kind()).contentType());
        }
        return asDeclared;
    }

    private static ProblemException unsupported(String detail) {
        return new ProblemException(ProblemType.UNSUPPORTED_MEDIA_TYPE, detail,
                List.of(new Problem.FieldViolation(FIELD, "unsupported or mismatched content")));
    }

    private static HeaderBytes readHeader(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] header = in.readNBytes(ContentSniffer.HEADER_BYTES);
            return HeaderBytes.of(header);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the upload " + file, e);
        }
    }
}
