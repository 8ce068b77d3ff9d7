package io.clipizy.chat.assistant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipizy.contracts.JsonCodec;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WorkflowCatalogueTest {
    /** The workflow service: answers each workflow id with a document naming the fetch, or fails while {@code down}. */
    static final class Workflows implements WorkflowClient {
        final List<String> fetched = new ArrayList<>();
        boolean down;

        private Uni<JsonNode> answer(String what) {
            fetched.add(what);
            if (down) {
                return Uni.createFrom().failure(new IllegalStateException("workflow service unreachable"));
            }
            return Uni.createFrom().item(JsonCodec.mapper().createObjectNode().put("fetch", fetched.size()).put("of", what));
        }

        /** The catalogue only reads definitions and lists: any other call to the workflow service fails the test. */
        private static AssertionError notRead() {
            return new AssertionError("the catalogue must only read workflows, never start, answer or cancel runs");
        }

        @Override
        public Uni<JsonNode> workflows(String authorization, String projectType) {
            return answer("list " + projectType);
        }

        @Override
        public Uni<JsonNode> workflow(String authorization, String id) {
            return answer(id);
        }

        @Override
        public Uni<JsonNode> start(String authorization, JsonNode body) {
            throw notRead();
        }

        @Override
        public Uni<JsonNode> run(String authorization, UUID id) {
            throw notRead();
        }

        @Override
        public Uni<JsonNode> answer(String authorization, UUID id, String node, JsonNode body) {
            throw notRead();
        }

        @Override
        public Uni<JsonNode> cancel(String authorization, UUID id) {
            throw notRead();
        }
    }

    private final Workflows service = new Workflows();
    private final AtomicLong now = new AtomicLong(1_000);
    private final WorkflowCatalogue catalogue = new WorkflowCatalogue(service, Duration.ofSeconds(60), now::get);

    private JsonNode definition(String id) {
        return catalogue.definition("Bearer someone", id).await().indefinitely();
    }

    @Test
    void aDefinitionIsFetchedOnceAndKeptUntilItsTimeIsUp() {
        assertEquals(1, definition("music-video").path("fetch").asInt());
        now.addAndGet(Duration.ofSeconds(59).toNanos());
        assertEquals(1, definition("music-video").path("fetch").asInt(), "kept: no second fetch within 60 s");
        assertEquals(List.of("music-video"), service.fetched);
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        assertEquals(2, definition("music-video").path("fetch").asInt(), "fetched again once 60 s have passed");
        assertEquals("business-ad", definition("business-ad").path("of").asText(), "each workflow is kept by its own id");
        assertEquals(List.of("music-video", "music-video", "business-ad"), service.fetched);
    }

    @Test
    void aFailureIsNotKeptSoTheNextMessageAsksAgain() {
        service.down = true;
        assertThrows(IllegalStateException.class, () -> definition("music-video"));
        service.down = false;
        assertEquals("music-video", definition("music-video").path("of").asText());
        assertEquals(2, service.fetched.size());
    }

    @Test
    void theListPerProjectTypeIsKeptApartFromTheDefinitions() {
        catalogue.forProjectType("Bearer a", "music-clip").await().indefinitely();
        catalogue.forProjectType("Bearer b", "music-clip").await().indefinitely();
        catalogue.forProjectType("Bearer a", "business-ad").await().indefinitely();
        definition("music-clip");
        assertEquals(List.of("list music-clip", "list business-ad", "music-clip"), service.fetched);
    }

    @Test
    void aZeroTimeKeepsNothing() {
        WorkflowCatalogue off = new WorkflowCatalogue(service, Duration.ZERO, now::get);
        off.definition("Bearer a", "music-video").await().indefinitely();
        off.definition("Bearer a", "music-video").await().indefinitely();
        assertEquals(2, service.fetched.size());
    }

    @Test
    void unknownIdsCannotGrowItPastItsBound() {
        for (int i = 0; i < WorkflowCatalogue.MAX_KEPT + 50; i++) {
            definition("wf-" + i);
        }
        int fetches = service.fetched.size();
        definition("wf-" + (WorkflowCatalogue.MAX_KEPT + 10));
        assertEquals(fetches + 1, service.fetched.size(), "past the bound a definition is fetched, not kept");
        definition("wf-0");
        assertEquals(fetches + 1, service.fetched.size(), "one kept before the bound still answers");
    }
}
