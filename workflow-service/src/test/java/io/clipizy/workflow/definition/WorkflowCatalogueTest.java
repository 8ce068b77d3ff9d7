package io.clipizy.workflow.definition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipizy.contracts.JsonCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class WorkflowCatalogueTest {
    private static final Map<String, NodeType> TYPES = WorkflowCatalogue.readNodeTypes("catalogue/generators.json",
            "catalogue/processors.json", "catalogue/utils.json", "catalogue/displays.json");
    private static final Map<String, JsonNode> SCHEMAS = Map.of("scene-prompts", JsonCodec.mapper().createObjectNode());

    private static String problemsOf(String json) {
        DefinitionException e = assertThrows(DefinitionException.class,
                () -> WorkflowCatalogue.build(TYPES, Map.of("pipelines/bad.workflow.json", json), SCHEMAS, List.of()));
        return e.getMessage();
    }

    @Test
    void theShippedCatalogueLoadsWithEveryPipeline() {
        WorkflowCatalogue catalogue = WorkflowCatalogue.load();
        Set<String> ids = catalogue.workflows().stream().map(WorkflowDefinition::id).collect(Collectors.toSet());
        assertEquals(Set.of("music-video.looped-static", "music-video.looped-animated", "music-video.recurring-scenes",
                "music.generate-track", "video-clip.standard", "business-ad.standard", "social.cutdowns", "audio.analyze",
                "image.generate-or-edit", "automate.batch"), ids);
        WorkflowDefinition rs = catalogue.workflow("music-video.recurring-scenes");
        assertTrue(rs.inputs().get("scenes").required());
        assertTrue(rs.inputs().get("description").required());
        assertEquals(6, rs.inputs().get("scenes").defaultValue().intValue());
        assertNotNull(catalogue.outputSchema("scene-prompts"));
    }

    @Test
    void theIndexListsEveryResourceFile() throws IOException {
        Path root = Path.of("src/main/resources/workflows");
        JsonNode index = JsonCodec.decode(Files.readString(root.resolve("index.json")), JsonNode.class);
        Set<String> listed = new java.util.HashSet<>();
        index.elements().forEachRemaining(list -> list.forEach(f -> listed.add(f.asText())));
        try (Stream<Path> files = Files.walk(root)) {
            Set<String> present = files.filter(Files::isRegularFile).map(p -> root.relativize(p).toString())
                    .filter(p -> !p.equals("index.json")).collect(Collectors.toSet());
            assertEquals(present, listed, "workflows/index.json must list exactly the files present");
        }
    }

    @Test
    void unknownNodeTypesAndParametersAreNamed() {
        String message = problemsOf("""
                {"id":"t","version":1,"projectType":"custom","inputs":{},
                 "nodes":[{"id":"a","use":"teleport"},{"id":"b","use":"caption_lines","with":{"text":"x","speed":2}}]}""");
        assertTrue(message.contains("pipelines/bad.workflow.json: node 'a': unknown node type 'teleport'"), message);
        assertTrue(message.contains("node 'b': field 'with.duration' is required by caption_lines"), message);
        assertTrue(message.contains("node 'b': field 'with.speed' is not a parameter of caption_lines"), message);
    }

    @Test
    void badReferencesAreNamed() {
        String message = problemsOf("""
                {"id":"t","version":1,"projectType":"custom","inputs":{"text":{"type":"text","required":true}},
                 "nodes":[{"id":"a","use":"caption_lines","with":{"text":"${inputs.txt}","duration":"${ghost.output}"}},
                          {"id":"b","use":"caption_lines","with":{"text":"${item.text}","duration":"${a.output.words}"}},
                          {"id":"c","use":"count","with":{"value":"${a.outputs}"}}]}""");
        assertTrue(message.contains("node 'a': field 'with.text': reference 'inputs.txt' names no declared input"), message);
        assertTrue(message.contains("node 'a': field 'with.duration': reference 'ghost.output' names unknown node 'ghost'"), message);
        assertTrue(message.contains("node 'b': field 'with.text': reference 'item.text' is only valid in a forEach node"), message);
        assertTrue(message.contains("caption_lines has no output field 'words'"), message);
        assertTrue(message.contains("node 'c': field 'with.value': reference 'a.outputs': a has no forEach"), message);
    }

    @Test
    void cyclesAreNamed() {
        String message = problemsOf("""
                {"id":"t","version":1,"projectType":"custom","inputs":{},
                 "nodes":[{"id":"a","use":"count","with":{"value":"${c.output}"}},
                          {"id":"b","use":"count","with":{"value":"${a.output}"}},
                          {"id":"c","use":"count","with":{"value":"${b.output}"}}]}""");
        assertTrue(message.contains("the nodes form a cycle: a -> c -> b -> a"), message);
    }

    @Test
    void misspeltFieldsAndBadAgentsAreRejected() {
        String misspelt = problemsOf("""
                {"id":"t","version":1,"projectType":"custom","nodes":[{"id":"a","use":"count","whne":"x","with":{"value":1}}]}""");
        assertTrue(misspelt.contains("whne"), misspelt);
        String agent = problemsOf("""
                {"id":"t","version":1,"projectType":"custom",
                 "nodes":[{"id":"a","use":"count","with":{"value":1},"agent":{"maxIterations":3,"outputSchema":"nope"}}]}""");
        assertTrue(agent.contains("field 'agent' is only for text_generation and image_description nodes"), agent);
        assertTrue(agent.contains("names unknown schema 'nope'"), agent);
    }
}
