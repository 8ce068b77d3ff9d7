package io.clipizy.gateway.provider.comfyui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.clipizy.contracts.event.MediaKind;
import io.clipizy.gateway.provider.InputMedia;
import io.clipizy.gateway.provider.ProviderException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * What to ask ComfyUI (directly or through a RunPod worker) for one task: the template, the slot values taken from the
 * task's parameters, the media ids to upload for media slots, and the kind of media the outputs are.
 */
public record GraphPlan(GraphTemplate template, Map<String, JsonNode> values, Map<String, UUID> media, MediaKind outputKind) {
    public GraphPlan {
        values = Map.copyOf(values);
        media = Map.copyOf(media);
    }

    /**
     * The graph with every slot filled; {@code uploaded} gives, per media slot, the file name the server knows the
     * input by. A value that does not fit its slot is the task's invalid input.
     */
    public ObjectNode render(Map<String, String> uploaded, Map<String, String> models) {
        Map<String, JsonNode> filled = new LinkedHashMap<>(values);
        uploaded.forEach((slot, name) -> filled.put(slot, TextNode.valueOf(name)));
        try {
            return template.render(filled, models);
        } catch (SlotSpec.SlotValueException e) {
            throw ProviderException.invalidInput(e.getMessage() + " (ComfyUI template " + template.id() + ")");
        }
    }

    /** Refuses a media input of the wrong kind for its slot (a video where an image is expected). */
    public static void requireKind(SlotSpec slot, InputMedia.LocalMedia media) {
        MediaKind wanted = slot.type() == SlotSpec.Type.VIDEO ? MediaKind.VIDEO : MediaKind.IMAGE;
        if (media.kind() != wanted) {
            throw ProviderException.invalidInput(slot.name() + " must be " + (wanted == MediaKind.IMAGE ? "an " : "a ")
                    + wanted.wire() + " (media " + media.mediaId() + " is " + media.kind().wire() + ")");
        }
    }

    /** The stable name an input file is uploaded under (a retry overwrites the same file). */
    public static String inputName(UUID taskId, SlotSpec slot, InputMedia.LocalMedia media) {
        return "clipizy-" + taskId + "-" + slot.name() + "." + extension(media);
    }

    /** The input's extension from its file name, or else from its content type. */
    public static String extension(InputMedia.LocalMedia media) {
        String name = media.file().getFileName().toString();
        int dot = name.lastIndexOf('.');
        if (dot > 0 && dot < name.length() - 1 && name.substring(dot + 1).matches("[A-Za-z0-9]{1,5}")) {
            return name.substring(dot + 1).toLowerCase(Locale.ROOT);
        }
        String type = media.contentType() == null ? "" : media.contentType();
        int slash = type.indexOf('/');
        String sub = slash > 0 ? type.substring(slash + 1).replaceAll("[^a-z0-9]", "") : "";
        return sub.isEmpty() ? "bin" : "jpeg".equals(sub) ? "jpg" : sub;
    }
}
