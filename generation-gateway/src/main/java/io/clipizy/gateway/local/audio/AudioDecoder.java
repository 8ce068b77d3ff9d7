package io.clipizy.gateway.local.audio;

import io.clipizy.gateway.local.Cancellation;
import io.clipizy.gateway.local.InvalidInputException;
import io.clipizy.gateway.local.ProgressListener;
import io.clipizy.gateway.local.ffmpeg.Ffmpeg;
import io.clipizy.gateway.local.ffmpeg.FfmpegProcess;
import io.clipizy.gateway.local.ffmpeg.MediaProbe;
import io.clipizy.gateway.local.LocalEngineException;
import io.clipizy.contracts.event.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Decodes any audio FFmpeg reads (MP3, WAV, FLAC, Ogg Vorbis, Opus, M4A/AAC...) to float PCM at
 * {@link FeatureExtractor#SAMPLE_RATE}, mono or stereo, and streams it to a sink in chunks of a fixed size: a long
 * file never sits in memory. Unreadable, empty, truncated or over-long input is an {@link InvalidInputException}.
 */
public final class AudioDecoder {
    private static final int CHUNK_FRAMES = 16384;
    /** A file that decodes to less than this share of its announced duration is truncated or corrupt. */
    private static final double MIN_DECODED_SHARE = 0.9;

    private final Ffmpeg ffmpeg;
    private final double maxSeconds;

    public AudioDecoder(Ffmpeg ffmpeg, double maxSeconds) {
        this.ffmpeg = ffmpeg;
        this.maxSeconds = maxSeconds;
    }

    /** What the probe found: the channels to decode (1 or 2) and the announced duration (NaN when unknown). */
    public record Source(int channels, double durationSeconds) {
    }

    /** Checks the file and says how it will be decoded. */
    public Source inspect(Path file) {
        try {
            if (Files.isRegularFile(file) && Files.size(file) == 0) {
                throw new InvalidInputException("The audio file " + file.getFileName()
                        + " is empty (0 bytes); upload the song again");
            }
        } catch (IOException e) {
            throw new InvalidInputException("The audio file " + file.getFileName() + " cannot be read", e);
        }
        MediaProbe probe = ffmpeg.probe(file, "audio");
        MediaProbe.Stream audio = probe.audio();
        if (audio == null) {
            throw new InvalidInputException("The file " + file.getFileName()
                    + " has no audio track; upload an audio file (MP3, WAV, FLAC, Ogg, Opus, M4A)");
        }
        double duration = !Double.isNaN(audio.durationSeconds()) ? audio.durationSeconds() : probe.durationSeconds();
        // ffprobe measures a WAV by its size on disk; the header says how long it was meant to be
        double declared = declaredWavSeconds(file);
        if (declared > duration || Double.isNaN(duration)) {
            duration = declared;
        }
        if (duration > maxSeconds) {
            throw new InvalidInputException("The audio is " + clock(duration) + " long; the longest audio that can be "
                    + "analysed is " + clock(maxSeconds) + ". Trim it and upload it again");
        }
        return new Source(audio.channels() >= 2 ? 2 : 1, duration);
    }

    /** Decodes the file into {@code sink}; answers the number of sample frames delivered. */
    public long decode(Path file, Source source, PcmSink sink, Cancellation cancellation, ProgressListener progress) {
        List<String> args = List.of("-v", "error", "-i", file.toString(), "-map", "0:a:0", "-vn", "-sn", "-dn",
                "-ac", String.valueOf(source.channels()), "-ar", String.valueOf(FeatureExtractor.SAMPLE_RATE),
                "-f", "f32le", "-acodec", "pcm_f32le", "pipe:1");
        int channels = source.channels();
        long limitFrames = (long) (maxSeconds * FeatureExtractor.SAMPLE_RATE);
        long frames = 0;
        try (FfmpegProcess process = ffmpeg.start(args, cancellation)) {
            byte[] bytes = new byte[CHUNK_FRAMES * channels * 4];
            float[] samples = new float[CHUNK_FRAMES * channels];
            ByteBuffer view = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            InputStream in = process.stdout();
            int filled = 0;
            while (true) {
                int read = in.read(bytes, filled, bytes.length - filled);
                if (read < 0) {
                    break;
                }
                process.touch();
                filled += read;
                if (filled < bytes.length) {
                    continue;
                }
                frames += deliver(view, samples, filled, channels, sink);
                filled = 0;
                cancellation.check();
                if (frames > limitFrames) {
                    throw new InvalidInputException("The audio is longer than " + clock(maxSeconds)
                            + ", the longest audio that can be analysed. Trim it and upload it again");
                }
                if (source.durationSeconds() > 0) {
                    double seconds = (double) frames / FeatureExtractor.SAMPLE_RATE;
                    progress.progress(seconds / source.durationSeconds(), "decoded " + Math.round(seconds) + " s");
                }
            }
            frames += deliver(view, samples, filled - filled % (channels * 4), channels, sink);
            int exit = process.waitFor();
            if (exit != 0 && frames == 0) {
                throw new InvalidInputException("The audio file " + file.getFileName() + " could not be decoded ("
                        + process.errorTail() + "); upload it again or convert it to MP3 or WAV");
            }
            if (exit != 0) {
                throw new LocalEngineException(ErrorCode.INTERNAL, "FFmpeg stopped while decoding the audio (exit "
                        + exit + "): " + process.errorTail());
            }
        } catch (IOException e) {
            cancellation.check();
            throw new LocalEngineException(ErrorCode.INTERNAL, "Lost the decoded audio stream: " + e.getMessage(), e);
        }
        if (frames == 0) {
            throw new InvalidInputException("The audio file " + file.getFileName()
                    + " contains no audio samples; upload the song again");
        }
        double decoded = (double) frames / FeatureExtractor.SAMPLE_RATE;
        if (source.durationSeconds() > 1 && decoded < MIN_DECODED_SHARE * source.durationSeconds()) {
            throw new InvalidInputException(String.format("The audio file %s is truncated or damaged: only %.1f of "
                    + "its %.1f seconds could be decoded. Upload the complete file", file.getFileName(), decoded,
                    source.durationSeconds()));
        }
        return frames;
    }

    /**
     * The duration a RIFF/WAVE header announces (data chunk size over byte rate), or NaN when the file is not a WAV
     * or the size is the streaming placeholder (0 or 0xFFFFFFFF).
     */
    static double declaredWavSeconds(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(4096);
            ByteBuffer b = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
            if (head.length < 44 || b.getInt(0) != 0x46464952 || b.getInt(8) != 0x45564157) {
                return Double.NaN;
            }
            long byteRate = 0;
            int at = 12;
            while (at + 8 <= head.length) {
                int id = b.getInt(at);
                long size = Integer.toUnsignedLong(b.getInt(at + 4));
                if (id == 0x20746d66 && at + 20 <= head.length) {
                    byteRate = Integer.toUnsignedLong(b.getInt(at + 16));
                } else if (id == 0x61746164) {
                    return byteRate == 0 || size == 0 || size == 0xFFFFFFFFL ? Double.NaN : (double) size / byteRate;
                }
                at += 8 + (int) Math.min(size + (size & 1), head.length);
            }
            return Double.NaN;
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    private static int deliver(ByteBuffer view, float[] samples, int byteCount, int channels, PcmSink sink) {
        int count = byteCount / 4;
        if (count == 0) {
            return 0;
        }
        view.clear();
        view.asFloatBuffer().get(samples, 0, count);
        int frames = count / channels;
        sink.accept(samples, frames);
        return frames;
    }

    static String clock(double seconds) {
        long total = Math.round(seconds);
        long hours = total / 3600;
        long minutes = (total % 3600) / 60;
        long rest = total % 60;
        return hours > 0 ? String.format("%d h %02d min", hours, minutes) : String.format("%d min %02d s", minutes, rest);
    }
}
