package io.clipizy.gateway.local;

import io.clipizy.contracts.event.ErrorCode;
import io.clipizy.contracts.media.AudioAnalysis;
import io.clipizy.gateway.local.audio.AudioAnalyzer;
import io.clipizy.gateway.local.audio.AudioDecoder;
import io.clipizy.gateway.local.audio.AudioFeatures;
import io.clipizy.gateway.local.audio.FeatureExtractor;
import io.clipizy.gateway.local.ffmpeg.Ffmpeg;
import io.clipizy.gateway.local.procedural.ImageGenerator;
import io.clipizy.gateway.local.procedural.ImageRequest;
import io.clipizy.gateway.local.procedural.LoopRequest;
import io.clipizy.gateway.local.procedural.LoopVideoGenerator;
import io.clipizy.gateway.local.procedural.MusicGenerator;
import io.clipizy.gateway.local.procedural.MusicRequest;
import io.clipizy.gateway.local.render.AssetResolver;
import io.clipizy.gateway.local.render.MediaTools;
import io.clipizy.gateway.local.render.TimelineRenderer;
import io.clipizy.contracts.media.Timeline;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The built-in {@code local} provider's engine: audio analysis, timeline rendering and the procedural generators
 * (pictures, loops, backing tracks). Every operation runs on a bounded pool of worker threads of its own (never on
 * an event-loop thread: decoding, DSP and FFmpeg block or burn CPU for seconds), reports progress, and can be
 * cancelled through its {@link LocalJob}. An analysis hands its second feature pass to a helper pool of the same
 * size, so one analysis uses two cores.
 */
public final class LocalEngine implements AutoCloseable {
    private final LocalEngineConfig config;
    private final Ffmpeg ffmpeg;
    private final ThreadPoolExecutor pool;
    private final ThreadPoolExecutor helpers;

    public LocalEngine(LocalEngineConfig config) {
        this.config = config;
        this.ffmpeg = new Ffmpeg(config.ffmpeg(), config.ffprobe());
        AtomicInteger threads = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(config.workers(), config.workers(), 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(Math.max(1, config.queue())), runnable -> {
                    Thread thread = new Thread(runnable, "clipizy-local-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        AtomicInteger helperThreads = new AtomicInteger();
        // a helper task that cannot be queued runs on the worker that hands it over: never dropped, never waiting
        this.helpers = new ThreadPoolExecutor(config.workers(), config.workers(), 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(64), runnable -> {
                    Thread thread = new Thread(runnable, "clipizy-local-dsp-" + helperThreads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }, (runnable, executor) -> runnable.run());
        helpers.allowCoreThreadTimeOut(true);
    }

    public LocalEngineConfig config() {
        return config;
    }

    public Ffmpeg ffmpeg() {
        return ffmpeg;
    }

    /**
     * Runs {@code work} on the pool. A full queue fails the job at once with {@code provider_unavailable}; any
     * unexpected exception becomes an {@code internal} failure.
     */
    public <T> LocalJob<T> submit(Function<Cancellation, T> work) {
        Cancellation cancellation = Cancellation.create();
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            pool.execute(() -> {
                try {
                    cancellation.check();
                    result.complete(work.apply(cancellation));
                } catch (LocalEngineException e) {
                    result.completeExceptionally(e);
                } catch (RuntimeException | Error e) {
                    result.completeExceptionally(cancellation.isCancelled() ? new OperationCancelledException()
                            : new LocalEngineException(ErrorCode.INTERNAL, "The local engine failed: " + e, e));
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new LocalEngineException(ErrorCode.PROVIDER_UNAVAILABLE,
                    "The local engine is busy; try again in a moment", e));
        }
        // a queued job that is cancelled completes now rather than when a worker reaches it
        cancellation.onCancel(() -> result.completeExceptionally(new OperationCancelledException()));
        return new LocalJob<>(result, cancellation);
    }

    /** Decodes and analyses an audio file. */
    public LocalJob<AudioAnalysis> analyzeAudio(Path file, ProgressListener progress) {
        return submit(cancellation -> analyzeAudio(file, cancellation, progress));
    }

    /** Decodes and analyses an audio file on the calling thread (the pool's workers call this). */
    public AudioAnalysis analyzeAudio(Path file, Cancellation cancellation, ProgressListener progress) {
        AudioDecoder decoder = new AudioDecoder(ffmpeg, config.maxAudioSeconds());
        progress.progress(0, "reading the audio");
        AudioDecoder.Source source = decoder.inspect(file);
        FeatureExtractor extractor = new FeatureExtractor(source.channels(), helpers);
        decoder.decode(file, source, extractor, cancellation, progress.part(0, 0.8));
        AudioFeatures features = extractor.finish();
        return new AudioAnalyzer().analyze(features, cancellation, progress.part(0.8, 1.0));
    }

    /** Renders a timeline to an MP4 at {@code output}. */
    public LocalJob<TimelineRenderer.Rendered> render(Timeline timeline, AssetResolver assets, Path output,
                                                      ProgressListener progress) {
        TimelineRenderer renderer = new TimelineRenderer(ffmpeg, config.workDir(), config.preset(), config.crf());
        return submit(cancellation -> renderer.render(timeline, assets, output, cancellation, progress));
    }

    /** Draws a procedural picture (or restyles the request's reference) and writes it as a PNG at {@code output}. */
    public LocalJob<Path> generateImage(ImageRequest request, Path output, ProgressListener progress) {
        return submit(cancellation -> generateImage(request, output, cancellation, progress));
    }

    /** {@link #generateImage(ImageRequest, Path, ProgressListener)} on the calling thread. */
    public Path generateImage(ImageRequest request, Path output, Cancellation cancellation,
                              ProgressListener progress) {
        progress.progress(0, request.reference() == null ? "drawing the picture" : "restyling the reference");
        Path written = new ImageGenerator().generate(request, output, cancellation);
        progress.progress(1, "picture written");
        return written;
    }

    /** Sets a still in seamless looping motion and writes it as an H.264 MP4 at {@code output}. */
    public LocalJob<Path> generateLoop(LoopRequest request, Path output, ProgressListener progress) {
        return submit(cancellation -> generateLoop(request, output, cancellation, progress));
    }

    /** {@link #generateLoop(LoopRequest, Path, ProgressListener)} on the calling thread. */
    public Path generateLoop(LoopRequest request, Path output, Cancellation cancellation, ProgressListener progress) {
        return new LoopVideoGenerator(ffmpeg, config.preset(), config.crf()).generate(request, output, cancellation,
                progress);
    }

    /** Composes and renders a backing track and writes it (WAV or MP3) at {@code output}. */
    public LocalJob<MusicGenerator.Generated> generateMusic(MusicRequest request, Path output,
                                                           ProgressListener progress) {
        return submit(cancellation -> generateMusic(request, output, cancellation, progress));
    }

    /** {@link #generateMusic(MusicRequest, Path, ProgressListener)} on the calling thread. */
    public MusicGenerator.Generated generateMusic(MusicRequest request, Path output, Cancellation cancellation,
                                                 ProgressListener progress) {
        return new MusicGenerator(ffmpeg).generate(request, output, cancellation, progress);
    }

    /** GIFs, thumbnails and waveform pictures, run on the caller's thread (wrap them in {@link #submit}). */
    public MediaTools mediaTools() {
        return new MediaTools(ffmpeg);
    }

    @Override
    public void close() {
        pool.shutdownNow();
        helpers.shutdownNow();
    }
}
