package io.clipizy.eventhub.live;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.clipizy.eventhub.domain.StreamKey;

/**
 * The server's frames of the live protocol (PROTOCOL.md), written as text directly: an event's payload is embedded as
 * the JSON it was published as, without being parsed and written again for every connection.
 */
public final class Frames {
    private static final JsonStringEncoder ENCODER = JsonStringEncoder.getInstance();

    private Frames() {
    }

    /** {@code {"type":"event","stream":...,"cursor":n,"event":{...}}}; {@code eventJson} must be one JSON value. */
    public static String event(StreamKey stream, long cursor, String eventJson) {
        return "{\"type\":\"event\",\"stream\":" + text(stream.toString()) + ",\"cursor\":" + cursor + ",\"event\":"
                + eventJson + "}";
    }

    /** The answer to a subscribe, resume or unsubscribe: {@code cursor} is the last event before what follows. */
    public static String ack(String id, String op, StreamKey stream, long cursor) {
        return "{\"type\":\"ack\"" + id(id) + ",\"op\":" + text(op) + ",\"stream\":" + text(stream.toString())
                + ",\"cursor\":" + cursor + "}";
    }

    /** Events {@code after+1 .. next-1} of the stream are gone: the client re-reads its state over REST. */
    public static String resumeGap(StreamKey stream, long after, long next) {
        return "{\"type\":\"resume-gap\",\"stream\":" + text(stream.toString()) + ",\"after\":" + after
                + ",\"next\":" + next + ",\"message\":\"events after the cursor were not recovered: re-read the state over REST\"}";
    }

    public static String pong(String id) {
        return "{\"type\":\"pong\"" + id(id) + "}";
    }

    /** An error answering one client frame; {@code field} names the offending field, or is null. */
    public static String error(String id, String code, String field, String message) {
        return "{\"type\":\"error\"" + id(id) + ",\"code\":" + text(code)
                + (field == null ? "" : ",\"field\":" + text(field)) + ",\"message\":" + text(message) + "}";
    }

    private static String id(String id) {
        return id == null ? "" : ",\"id\":" + text(id);
    }

    private static String text(String value) {
        return "\"" + new String(ENCODER.quoteAsString(value)) + "\"";
    }
}
