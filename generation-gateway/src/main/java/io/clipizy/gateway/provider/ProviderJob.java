package io.clipizy.gateway.provider;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A started job as the provider knows it: its job id(s) and whatever else {@link Provider#follow} needs to re-attach
 * after a restart (server URL, endpoint id, per-task webhook secret...). Persisted with the task as JSON; never holds
 * an API key.
 */
public record ProviderJob(String provider, List<String> jobIds, ObjectNode state) {
    public ProviderJob {
        jobIds = jobIds == null ? List.of() : List.copyOf(jobIds);
        state = state == null ? JsonNodeFactory.instance.objectNode() : state;
    }

    /** A job that runs inside {@link Provider#follow} with nothing to re-attach to (the local engine). */
    public static ProviderJob inline(String provider) {
        return new ProviderJob(provider, List.of(), null);
    }

    public boolean isInline() {
        return jobIds.isEmpty();
    }
}
