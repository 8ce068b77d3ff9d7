package io.clipizy.eventhub.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.clipizy.contracts.JsonCodec;

/**
 * One command from a client: {@code {"type": "subscribe"|"resume"|"unsubscribe"|"ping", "id"?, "stream"?, "after"?}}.
 * Parsing never throws: what is wrong is reported as an {@link Invalid} naming the field.
 */
public record ClientFrame(String type, String id, String stream, Long after) {

    /** Why a frame cannot be acted on: an error code, the field at fault (or null), a message for the client. */
    public record Invalid(String id, String code, String field, String message) {
    }

    /** Either a frame or why it is invalid. */
    public record Parsed(ClientFrame frame, Invalid invalid) {
    }

    public static Parsed parse(String text) {
        JsonNode node;
        try {
            node = JsonCodec.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            return invalid(null, "bad-frame", null, "the frame is not JSON");
        }
        if (node == null || !node.isObject()) {
            return invalid(null, "bad-frame", null, "the frame must be a JSON object");
        }
        JsonNode idNode = node.get("id");
        String id = idNode != null && (idNode.isTextual() || idNode.isIntegralNumber()) && idNode.asText().length() <= 64
                ? idNode.asText() : null;
        if (idNode != null && !idNode.isNull() && id == null) {
            return invalid(null, "invalid", "id", "must be a string or a whole number, at most 64 characters");
        }
        JsonNode type = node.get("type");
        if (type == null || !type.isTextual()) {
            return invalid(id, "invalid", "type", "must be subscribe, resume, unsubscribe or ping");
        }
        switch (type.asText()) {
            case "ping":
                return new Parsed(new ClientFrame("ping", id, null, null), null);
            case "subscribe":
            case "resume":
            case "unsubscribe":
                break;
            default:
                return invalid(id, "invalid", "type", "must be subscribe, resume, unsubscribe or ping");
        }
        JsonNode stream = node.get("stream");
        if (stream == null || !stream.isTextual()) {
            return invalid(id, "invalid", "stream", "must be user, user:<subject>, task:<uuid>, run:<uuid>, chat:<uuid> or project:<uuid>");
        }
        JsonNode after = node.get("after");
        boolean needsAfter = type.asText().equals("resume");
        boolean hasAfter = after != null && !after.isNull();
        if (hasAfter && (!after.canConvertToExactIntegral() || !after.canConvertToLong() || after.asLong() < 0)
                || needsAfter && !hasAfter) {
            return invalid(id, "invalid", "after", "must be a whole number, 0 or more");
        }
        return new Parsed(new ClientFrame(type.asText(), id, stream.asText(), hasAfter ? after.asLong() : null), null);
    }

    private static Parsed invalid(String id, String code, String field, String message) {
        return new Parsed(null, new Invalid(id, code, field, message));
    }
}
