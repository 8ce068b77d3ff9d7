package io.clipizy.gateway.provider.comfyui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clipizy.contracts.event.MediaKind;
import io.clipizy.gateway.provider.ProviderException;
import io.clipizy.gateway.provider.ProviderJob;
import java.util.ArrayList;
import java.util.List;

/**
 * What following a queued prompt needs, kept in {@link ProviderJob#state()} so a restarted gateway can re-attach:
 * the server it runs on, the prompt id, the WebSocket client id it was queued with, the template (for its output
 * nodes) and the number of nodes (for progress). Never a token.
 */
record ComfyUiJob(String baseUrl, String promptId, String clientId, String template, int nodes, List<String> outputNodes,
                  MediaKind outputKind) {

    ProviderJob toProviderJob() {
        ObjectNode state = JsonNodeFactory.instance.objectNode();
        state.put("baseUrl", baseUrl);
        state.put("promptId", promptId);
        state.put("clientId", clientId);
        state.put("template", template);
        state.put("nodes", nodes);
        ArrayNode outputs = state.putArray("outputNodes");
        outputNodes.forEach(outputs::add);
        state.put("outputKind", outputKind.wire());
        return new ProviderJob(ComfyUiClient.NAME, List.of(promptId), state);
    }

    static ComfyUiJob from(ProviderJob job) {
        JsonNode state = job.state();
        String baseUrl = state.path("baseUrl").asText("");
        String promptId = state.path("promptId").asText(job.jobIds().isEmpty() ? "" : job.jobIds().get(0));
        if (baseUrl.isEmpty() || promptId.isEmpty()) {
            throw ProviderException.rejected("The stored ComfyUI job has no server or prompt id to re-attach to");
        }
        List<String> outputs = new ArrayList<>();
        state.path("outputNodes").forEach(node -> outputs.add(node.asText()));
        MediaKind kind = MediaKind.IMAGE;
        if (state.hasNonNull("outputKind")) {
            kind = MediaKind.fromWire(state.get("outputKind").asText());
        }
        return new ComfyUiJob(baseUrl, promptId, state.path("clientId").asText("clipizy-" + promptId),
                state.path("template").asText(""), state.path("nodes").asInt(1), outputs, kind);
    }
}
