package io.clipizy.media.ffmpeg;

/** FFprobe could not read a file as complete media of the expected kind; the message says why, for a person. */
public class UnreadableMediaException extends RuntimeException {
    public UnreadableMediaException(String message) {
        super(message, null, false, false);
    }
}
