package io.clipizy.media.api;

import io.clipizy.contracts.event.MediaKind;
import io.clipizy.contracts.problem.Problem;
import io.clipizy.contracts.problem.ProblemType;
import io.clipizy.kit.web.ProblemException;
import io.clipizy.media.domain.ContentSniffer;
import io.clipizy.media.domain.HeaderBytes;
import io.clipizy.media.domain.Sniffed;
import io.clipizy.media.service.UploadAllowance;
import io.clipizy.media.service.UploadLimits;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpServerFileUpload;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Reads a multipart upload as it arrives (Vert.x's multipart decoder, no framework spooling): the part named
 * {@code file} goes to a temp file of its own while its bytes are counted against an {@link UploadAllowance}. As soon
 * as the count passes what the file's kind or its owner's quota allows, reading stops, the temp file is removed and the
 * request fails with 413; the same answer comes before a byte of the file is written when the length the request
 * announces is already too much. One instance reads one request, on that request's event loop.
 */
final class StreamedMultipart {
    /** The form field carrying the file. */
    static final String FILE = "file";
    /**
     * The most a request's non-file bytes are taken to be (boundaries, part headers, projectId, role): the announced
     * length minus this is the least the file can be, so a request is refused on its length only when the file cannot
     * fit whatever the framing.
     */
    static final long FRAMING_ALLOWANCE = 8 * 1024;
    /** Enough leading bytes to recognise every accepted format but an MP3 behind a large ID3 tag. */
    private static final int SNIFF_BYTES = 8 * 1024;
    /** After an early answer, how long and how much more of the body is read before the connection closes. */
    private static final Duration LINGER = Duration.ofSeconds(2);
    private static final long LINGER_BYTES = 4L * 1024 * 1024;
    private static final Logger LOG = Logger.getLogger(StreamedMultipart.class);
    private static final String LINGERING = StreamedMultipart.class.getName() + ".lingering";

    /** What was received: the file in its temp file, what the client said about it, and the other form fields. */
    record Received(Path file, long size, String fileName, String declaredType, MultiMap form) {
    }

    private final RoutingContext routing;
    private final HttpServerRequest request;
    private final Vertx vertx;
    private final Context context;
    private final Path directory;
    private final UploadAllowance allowance;
    private final long announced;
    private UniEmitter<? super Received> emitter;
    private HttpServerFileUpload part;
    private Path file;
    private AsyncFile out;
    private String fileName;
    private String declaredType;
    private Set<MediaKind> kinds = UploadLimits.anyKind();
    private Buffer sniffed = Buffer.buffer(SNIFF_BYTES);
    private boolean sniffDone;
    private long received;
    private boolean requestEnded;
    private boolean closing;
    private boolean fileWritten;
    private boolean finished;

    private StreamedMultipart(RoutingContext routing, Path directory, UploadAllowance allowance) {
        this.routing = routing;
        this.request = routing.request();
        this.vertx = routing.vertx();
        this.context = vertx.getOrCreateContext();
        this.directory = directory;
        this.allowance = allowance;
        this.announced = announcedLength(request);
    }

    /**
     * Receives the request's multipart body into a temp file under {@code directory}; must be called on the request's
     * event loop before anything else reads the body. The caller removes the file when done with it.
     */
    static Uni<Received> receive(RoutingContext routing, Path directory, UploadAllowance allowance) {
        return Uni.createFrom().emitter(emitter -> new StreamedMultipart(routing, directory, allowance).start(emitter));
    }

    /**
     * The 413 answer for a request whose announced length alone is too much; null when the file may still fit. Asked
     * before a byte of the body is read.
     */
    static ProblemException refusalOfLength(RoutingContext routing, UploadAllowance allowance) {
        long length = announcedLength(routing.request());
        if (length < 0) {
            return null;
        }
        ProblemException refusal = allowance.refusal(length - FRAMING_ALLOWANCE, UploadLimits.anyKind(), FILE);
        return refusal == null ? null : stopReading(routing, refusal);
    }

    private void start(UniEmitter<? super Received> emitter) {
        this.emitter = emitter;
        emitter.onTermination(() -> context.runOnContext(v -> {
            if (!finished) {
                finished = true; // the caller went away: drop what was written
                discard();
            }
        }));
        try {
            request.setExpectMultipart(true);
        } catch (RuntimeException e) {
            fail(e); // a multipart type without a usable boundary
            return;
        }
        request.exceptionHandler(this::fail);
        request.uploadHandler(this::part);
        request.endHandler(v -> {
            requestEnded = true;
            completeWhenDone();
        });
        if ("100-continue".equalsIgnoreCase(request.getHeader("Expect"))) {
            request.response().writeContinue(); // the client waits for this before it sends the body
        }
        request.resume(); // the framework holds the body back until someone reads it: we do, from here on
    }

    private void part(HttpServerFileUpload upload) {
        if (finished) {
            upload.handler(ignored -> { });
            return;
        }
        if (!FILE.equals(upload.name()) || file != null) {
            refuse(new ProblemException(ProblemType.VALIDATION, "Send exactly one file, in a part named 'file'",
                    List.of(new Problem.FieldViolation(upload.name(), "is not the one file part 'file'"))));
            return;
        }
        part = upload;
        fileName = upload.filename();
        declaredType = upload.contentType();
        MediaKind declared = UploadLimits.declaredKind(declaredType);
        if (declared != null) {
            kinds = EnumSet.of(declared);
        }
        if (announced >= 0) {
            // what is left of the announced length, less the framing still to come, is the least the file can be
            ProblemException refusal = allowance.refusal(announced - request.bytesRead() - FRAMING_ALLOWANCE, kinds, FILE);
            if (refusal != null) {
                refuse(refusal);
                return;
            }
        }
        file = directory.resolve("upload-" + UUID.randomUUID());
        upload.pause();
        vertx.fileSystem().open(file.toString(), new OpenOptions().setCreateNew(true).setWrite(true))
                .onSuccess(opened -> {
                    out = opened;
                    opened.exceptionHandler(this::spoolFailed);
                    if (finished) {
                        discard();
                        return;
                    }
                    upload.handler(this::chunk);
                    upload.exceptionHandler(this::fail);
                    upload.endHandler(v -> fileEnded());
                    upload.resume();
                })
                .onFailure(this::spoolFailed);
    }

    private void chunk(Buffer chunk) {
        if (finished) {
            return;
        }
        received += chunk.length();
        sniff(chunk);
        ProblemException refusal = allowance.refusal(received, kinds, FILE);
        if (refusal != null) {
            refuse(refusal);
            return;
        }
        out.write(chunk);
        if (out.writeQueueFull()) {
            part.pause();
            out.drainHandler(v -> {
                if (!finished) {
                    part.resume();
                }
            });
        }
    }

    /**
     * Narrows the kinds the file may be once its first bytes are in: a declared kind stands (the inspector refuses a
     * mismatch later), otherwise the recognised format's kinds (MP4 may be sound or pictures), otherwise any kind.
     */
    private void sniff(Buffer chunk) {
        if (sniffDone) {
            return;
        }
        sniffed.appendBuffer(chunk, 0, Math.min(chunk.length(), SNIFF_BYTES - sniffed.length()));
        if (sniffed.length() >= SNIFF_BYTES) {
            settleKinds();
        }
    }

    private void settleKinds() {
        sniffDone = true;
        if (kinds.size() == 1) {
            sniffed = null;
            return;
        }
        Sniffed format = ContentSniffer.sniff(HeaderBytes.of(sniffed.getBytes())).orElse(null);
        sniffed = null;
        if (format != null) {
            Set<MediaKind> possible = EnumSet.noneOf(MediaKind.class);
            for (MediaKind kind : MediaKind.values()) {
                if (format.format().as(kind) != null) {
                    possible.add(kind);
                }
            }
            kinds = possible;
        }
    }

    private void fileEnded() {
        if (finished) {
            return;
        }
        if (!sniffDone) {
            settleKinds();
            ProblemException refusal = allowance.refusal(received, kinds, FILE);
            if (refusal != null) {
                refuse(refusal);
                return;
            }
        }
        closing = true;
        out.close().onSuccess(v -> {
            fileWritten = true;
            completeWhenDone();
        }).onFailure(this::spoolFailed);
    }

    private void completeWhenDone() {
        if (finished || !requestEnded || (file != null && !fileWritten)) {
            return;
        }
        finished = true;
        if (file == null) {
            emitter.fail(new ProblemException(ProblemType.VALIDATION, "A file part named 'file' is required",
                    List.of(new Problem.FieldViolation(FILE, "is required"))));
            return;
        }
        emitter.complete(new Received(file, received, fileName, declaredType, request.formAttributes()));
    }

    /** Stops taking the body, removes what was written and answers the problem (the connection then closes). */
    private void refuse(ProblemException problem) {
        finished = true;
        dropFilePart();
        discard();
        emitter.fail(stopReading(routing, problem));
    }

    private void fail(Throwable failure) {
        if (finished) {
            return;
        }
        finished = true;
        dropFilePart();
        discard();
        if (failure instanceof ProblemException) {
            emitter.fail(stopReading(routing, failure));
            return;
        }
        LOG.warnf("A streamed upload could not be received: %s", String.valueOf(failure));
        emitter.fail(stopReading(routing, new ProblemException(ProblemType.VALIDATION,
                "The upload could not be read as multipart form data")));
    }

    /** The service could not write the upload to its own disk: not the client's fault. */
    private void spoolFailed(Throwable failure) {
        LOG.errorf("Could not write an upload to %s: %s", directory, String.valueOf(failure));
        fail(new ProblemException(ProblemType.INTERNAL, "The upload could not be received; please try again"));
    }

    /** Whatever more of the file part arrives is dropped, so the body can be drained before the connection closes. */
    private void dropFilePart() {
        if (part != null) {
            part.handler(ignored -> { });
            part.resume();
        }
    }

    /**
     * Closes and removes the temp file. While it is still being opened there is nothing to close yet: the open's own
     * callback sees the upload finished and comes back here.
     */
    private void discard() {
        if (file == null || out == null) {
            return;
        }
        Path written = file;
        if (closing) {
            remove(vertx, written).subscribe().with(done -> { }); // closed or closing: the name can go at once
        } else {
            closing = true;
            out.close().onComplete(closed -> remove(vertx, written).subscribe().with(done -> { }));
        }
    }

    /** Removes a received file; a failure is only logged (the file lies in the service's own upload directory). */
    static Uni<Void> remove(Vertx vertx, Path file) {
        return Uni.createFrom().completionStage(() -> vertx.fileSystem().delete(file.toString()).toCompletionStage())
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("Could not remove the received upload %s: %s", file, failure.getMessage());
                    return null;
                });
    }

    /**
     * Readies the connection for an answer given before the body was read to its end (a refusal, or any failure on
     * the way): over HTTP/1.x the answer says {@code Connection: close}; after it the rest of the body is read and dropped for a
     * moment, so the client sees the answer rather than a reset connection, then the connection closes (an HTTP/2
     * stream is reset instead) and nothing more is read. Answers {@code failure}, to be thrown on.
     */
    static <T extends Throwable> T stopReading(RoutingContext routing, T failure) {
        HttpServerRequest request = routing.request();
        if (!request.isEnded() && !routing.response().headWritten() && routing.get(LINGERING) == null) {
            routing.put(LINGERING, true);
            if (request.version() != HttpVersion.HTTP_2) {
                routing.response().putHeader("Connection", "close"); // HTTP/2 has no such header: its stream is reset
            }
            routing.addEndHandler(done -> linger(routing));
        }
        return failure;
    }

    private static void linger(RoutingContext routing) {
        HttpServerRequest request = routing.request();
        boolean http2 = request.version() == HttpVersion.HTTP_2;
        // HTTP/2 resets just this stream (NO_ERROR, RFC 9113 §8.1); HTTP/1.x has only the connection to close
        Runnable stop = http2 ? () -> request.response().reset(0) : () -> request.connection().close();
        if (request.isEnded()) {
            if (!http2) {
                stop.run();
            }
            return;
        }
        Vertx vertx = routing.vertx();
        long from = request.bytesRead();
        long timer = vertx.setTimer(LINGER.toMillis(), id -> stop.run());
        request.handler(chunk -> {
            if (request.bytesRead() - from > LINGER_BYTES) {
                vertx.cancelTimer(timer);
                stop.run();
            }
        });
        request.endHandler(v -> {
            vertx.cancelTimer(timer);
            stop.run();
        });
        request.resume();
    }

    private static long announcedLength(HttpServerRequest request) {
        String header = request.getHeader("Content-Length");
        if (header == null) {
            return -1;
        }
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
