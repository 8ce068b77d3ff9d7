package io.clipizy.gateway.provider.runpod;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clipizy.gateway.provider.ProviderException;
import io.clipizy.gateway.provider.ProviderJob;
import java.util.List;

/**
 * What following a RunPod job needs, kept in {@link ProviderJob#state()} for re-attach: the endpoint, whether it
 * streams, the job id and the per-task webhook secret (a capability for this one task, not an API key).
 */
record RunPodJob(String endpointId, String jobId, boolean stream, String secret) {

    ProviderJob toProviderJob() {
        ObjectNode state = JsonNodeFactory.instance.objectNode();
        state.put("endpointId", endpointId);
        state.put("jobId", jobId);
        state.put("stream", stream);
        state.put("webhookSecret", secret);
        return new ProviderJob(RunPodClient.NAME, List.of(jobId), state);
    }

    static RunPodJob from(ProviderJob job) {
        JsonNode state = job.state();
        String endpointId = state.path("endpointId").asText("");
        String jobId = state.path("jobId").asText(job.jobIds().isEmpty() ? "" : job.jobIds().get(0));
        if (endpointId.isEmpty() || jobId.isEmpty()) {
            throw ProviderException.rejected("The stored RunPod job has no endpoint or job id to re-attach to");
        }
        return new RunPodJob(endpointId, jobId, state.path("stream").asBoolean(false),
                state.path("webhookSecret").asText(""));
    }
}
