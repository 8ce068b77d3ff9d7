package io.clipizy.gateway.provider.comfyui;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipizy.contracts.event.ErrorCode;
import io.clipizy.gateway.provider.ProviderException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * ComfyUI's refusals and failures as typed task failures: a {@code node_errors} answer to {@code /prompt} is
 * {@code invalid_input} when every error is a bound or type check on an input filled from the task's parameters, and
 * {@code provider_rejected} otherwise (a model file missing on the server, a node not installed); an
 * {@code execution_error} in the history is {@code provider_unavailable} when the GPU ran out of memory (another try
 * may succeed), {@code moderation} when a safety filter refused, {@code provider_rejected} otherwise.
 */
public final class ComfyUiErrors {
    /** Texts of safety checkers and content filters (API nodes, NSFW checkers). */
    public static final Pattern MODERATION = Pattern.compile(
            "(?i)content[ _-]?(policy|filter|moderat)|moderation|nsfw|safety[ _-]?(checker|filter|system)|flagged as");
    private static final Set<String> PARAM_ERRORS = Set.of("value_smaller_than_min", "value_bigger_than_max",
            "invalid_input_type");

    private ComfyUiErrors() {
    }

    /** The failure for a {@code /prompt} answer carrying {@code node_errors} (or a top-level {@code error}). */
    public static ProviderException refusal(GraphTemplate template, JsonNode body) {
        List<String> lines = new ArrayList<>();
        boolean onlyParams = true;
        boolean missingFile = false;
        Iterator<Map.Entry<String, JsonNode>> nodes = body.path("node_errors").fields();
        while (nodes.hasNext()) {
            Map.Entry<String, JsonNode> node = nodes.next();
            String classType = node.getValue().path("class_type").asText("?");
            for (JsonNode error : node.getValue().path("errors")) {
                String type = error.path("type").asText("");
                String input = error.path("extra_info").path("input_name").asText("");
                SlotSpec slot = template == null ? null : template.slotAt(node.getKey(), input);
                boolean param = slot != null && slot.source() == SlotSpec.Source.PARAM && PARAM_ERRORS.contains(type);
                onlyParams &= param;
                missingFile |= "value_not_in_list".equals(type);
                String details = error.path("details").asText("");
                lines.add((param ? slot.name() : "node " + node.getKey() + " (" + classType + ")") + ": "
                        + error.path("message").asText(type) + (details.isEmpty() ? "" : " — " + details));
            }
        }
        if (lines.isEmpty()) {
            JsonNode error = body.path("error");
            String message = error.isTextual() ? error.asText() : error.path("message").asText("the graph was refused");
            String details = error.path("details").asText("");
            lines.add(message + (details.isEmpty() ? "" : " — " + details));
            onlyParams = false;
        }
        String text = ProviderHttp.shorten(String.join("; ", lines));
        if (MODERATION.matcher(text).find()) {
            return ProviderException.moderation("ComfyUI's safety filter refused the request: " + text);
        }
        if (onlyParams) {
            return ProviderException.invalidInput("ComfyUI refused the task's parameters: " + text);
        }
        String which = template == null ? "the graph" : "the " + template.id() + " graph";
        return ProviderException.rejected("ComfyUI refused " + which + ": " + text + (missingFile
                ? " (a model or file the template names is not on this server; set clipizy.providers.comfyui.models.*)"
                : ""));
    }

    /** The failure recorded in a history entry whose status is {@code error}. */
    public static ProviderException executionFailure(String promptId, JsonNode entry) {
        for (JsonNode message : entry.path("status").path("messages")) {
            String type = message.path(0).asText("");
            JsonNode data = message.path(1);
            if ("execution_interrupted".equals(type)) {
                return new ProviderException(ErrorCode.CANCELLED, "ComfyUI interrupted prompt " + promptId, false, null,
                        null);
            }
            if ("execution_error".equals(type)) {
                return executionError(data);
            }
        }
        return ProviderException.rejected("ComfyUI reported prompt " + promptId + " as failed without saying why");
    }

    /** An {@code execution_error} message ({@code node_id, node_type, exception_message, exception_type}). */
    public static ProviderException executionError(JsonNode data) {
        String node = data.path("node_type").asText("?") + " (node " + data.path("node_id").asText("?") + ")";
        String exception = data.path("exception_type").asText("");
        String message = ProviderHttp.shorten(data.path("exception_message").asText(""));
        if (exception.contains("OutOfMemory") || message.toLowerCase(java.util.Locale.ROOT).contains("out of memory")) {
            return ProviderException.unavailable("ComfyUI ran out of GPU memory in " + node, null, null);
        }
        if (MODERATION.matcher(message).find()) {
            return ProviderException.moderation("ComfyUI's safety filter refused the output in " + node + ": " + message);
        }
        return ProviderException.rejected("ComfyUI failed in " + node + ": " + message);
    }
}
