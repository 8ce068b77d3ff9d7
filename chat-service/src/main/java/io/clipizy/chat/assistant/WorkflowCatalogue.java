package io.clipizy.chat.assistant;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The workflow service's catalogue as the assistant reads it, kept for a short while.
 *
 * <p>The catalogue is the workflow service's deployed set of workflow definitions, the same for every person (it is
 * not per user: {@code GET /api/workflows/{id}} answers one document whoever asks), so a definition fetched with one
 * person's token may answer another's message. Every chat message needs its workflow's definition to know which
 * inputs are still missing; fetching it over HTTP and parsing it each time was 13 % of chat-service's CPU per posted
 * message (P7 profile). A kept definition is used for {@code clipizy.chat.catalogue-ttl} (default 60 s), so a
 * redeployed workflow service's changed definition is seen within that time; the run itself is always checked by the
 * workflow service against its current definition when it starts. Only answers are kept — a failure or a 404 is not,
 * so an unknown id cannot grow the map, and an unreachable workflow service is retried on the next message. Each
 * entry is a read-only view: the assistant only reads definitions (it copies what it puts into its own state).
 *
 * <p>Hand-written rather than the Quarkus cache extension: one map of a dozen entries with an expiry, and no extension
 * (and its start-up cost) for it.
 */
@ApplicationScoped
public class WorkflowCatalogue {
    private record Kept(JsonNode value, long expiresAtNanos) {
    }

    /** A catalogue holds a few dozen workflows; far more distinct keys means something is wrong, so stop keeping. */
    static final int MAX_KEPT = 256;

    private final WorkflowClient workflows;
    private final long ttlNanos;
    private final LongSupplier clock;
    private final Map<String, Kept> definitions = new ConcurrentHashMap<>();
    private final Map<String, Kept> lists = new ConcurrentHashMap<>();

    @Inject
    WorkflowCatalogue(@RestClient WorkflowClient workflows,
                      @ConfigProperty(name = "clipizy.chat.catalogue-ttl", defaultValue = "60s") Duration ttl) {
        this(workflows, ttl, System::nanoTime);
    }

    WorkflowCatalogue(WorkflowClient workflows, Duration ttl, LongSupplier clock) {
        this.workflows = workflows;
        this.ttlNanos = ttl.toNanos();
        this.clock = clock;
    }

    /** The workflow's definition (its inputs, nodes and title), fetched with the person's token when not kept. */
    public Uni<JsonNode> definition(String authorization, String workflowId) {
        return kept(definitions, workflowId, () -> workflows.workflow(authorization, workflowId));
    }

    /** The workflows offered for a project type (their summaries), fetched with the person's token when not kept. */
    public Uni<JsonNode> forProjectType(String authorization, String projectType) {
        return kept(lists, projectType == null ? "" : projectType, () -> workflows.workflows(authorization, projectType));
    }

    private Uni<JsonNode> kept(Map<String, Kept> map, String key, java.util.function.Supplier<Uni<JsonNode>> fetch) {
        long now = clock.getAsLong();
        Kept kept = map.get(key);
        if (ttlNanos > 0 && kept != null && kept.expiresAtNanos() - now > 0) {
            return Uni.createFrom().item(kept.value());
        }
        return fetch.get().invoke(value -> {
            if (ttlNanos > 0 && value != null && (map.size() < MAX_KEPT || map.containsKey(key))) {
                map.put(key, new Kept(value, clock.getAsLong() + ttlNanos));
            }
        });
    }
}
