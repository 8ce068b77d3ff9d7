package io.clipizy.workflow.definition;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.clipizy.contracts.JsonCodec;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The node catalogue and the workflows, loaded from {@code workflows/} on the class path and validated as a whole.
 * Files are listed in {@code workflows/index.json} rather than found by scanning, which keeps the service
 * native-compilable. Loading fails with every problem found, each naming its file, node and field.
 */
public final class WorkflowCatalogue {
    private static final String ROOT = "workflows/";
    /** Definitions are read strictly: a misspelt field ("whne") is an error, not silently ignored. */
    private static final com.fasterxml.jackson.databind.ObjectMapper STRICT = JsonCodec.mapper().copy()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Map<String, NodeType> nodeTypes;
    private final Map<String, WorkflowDefinition> workflows;
    private final Map<String, JsonNode> outputSchemas;

    private WorkflowCatalogue(Map<String, NodeType> nodeTypes, Map<String, WorkflowDefinition> workflows,
                              Map<String, JsonNode> outputSchemas) {
        this.nodeTypes = nodeTypes;
        this.workflows = workflows;
        this.outputSchemas = outputSchemas;
    }

    /** The index file: which catalogue, workflow and schema files exist. */
    record Index(List<String> catalogue, List<String> workflows, List<String> schemas) {
    }

    public static WorkflowCatalogue load() {
        Index index = read("index.json", new TypeReference<Index>() {
        });
        Map<String, NodeType> types = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (String file : index.catalogue()) {
            for (NodeType type : read(file, new TypeReference<List<NodeType>>() {
            })) {
                if (types.put(type.name(), type) != null) {
                    problems.add(file + ": node type '" + type.name() + "' is defined twice");
                }
                if (type.family() == NodeFamily.GENERATOR && type.taskKind() == null) {
                    problems.add(file + ": generator '" + type.name() + "' needs a taskKind");
                }
            }
        }
        Map<String, JsonNode> schemas = new LinkedHashMap<>();
        for (String file : index.schemas()) {
            String name = file.substring(file.lastIndexOf('/') + 1).replace(".schema.json", "");
            schemas.put(name, read(file, new TypeReference<JsonNode>() {
            }));
        }
        Map<String, String> sources = new LinkedHashMap<>();
        for (String file : index.workflows()) {
            sources.put(file, text(file));
        }
        return build(types, sources, schemas, problems);
    }

    /** Builds a catalogue from workflow sources (file name → JSON), for loading and for tests of bad definitions. */
    public static WorkflowCatalogue build(Map<String, NodeType> types, Map<String, String> workflowSources,
                                         Map<String, JsonNode> schemas, List<String> earlierProblems) {
        List<String> problems = new ArrayList<>(earlierProblems);
        DefinitionValidator validator = new DefinitionValidator(types, schemas.keySet());
        Map<String, WorkflowDefinition> workflows = new LinkedHashMap<>();
        for (Map.Entry<String, String> source : workflowSources.entrySet()) {
            WorkflowDefinition wf;
            try {
                wf = STRICT.readValue(source.getValue(), WorkflowDefinition.class);
            } catch (IOException | RuntimeException e) {
                problems.add(source.getKey() + ": not a valid workflow definition: " + rootMessage(e));
                continue;
            }
            List<String> found = validator.problems(source.getKey(), wf);
            problems.addAll(found);
            if (found.isEmpty() && workflows.put(wf.id(), wf) != null) {
                problems.add(source.getKey() + ": workflow id '" + wf.id() + "' is used by another file too");
            }
        }
        if (!problems.isEmpty()) {
            throw new DefinitionException("invalid workflow definitions:\n  " + String.join("\n  ", problems));
        }
        return new WorkflowCatalogue(Map.copyOf(types), workflows, Map.copyOf(schemas));
    }

    public static Map<String, NodeType> readNodeTypes(String... files) {
        Map<String, NodeType> types = new LinkedHashMap<>();
        for (String file : files) {
            read(file, new TypeReference<List<NodeType>>() {
            }).forEach(t -> types.put(t.name(), t));
        }
        return types;
    }

    public WorkflowDefinition workflow(String id) {
        return workflows.get(id);
    }

    public Collection<WorkflowDefinition> workflows() {
        return workflows.values();
    }

    public NodeType nodeType(String name) {
        return nodeTypes.get(name);
    }

    public JsonNode outputSchema(String name) {
        return outputSchemas.get(name);
    }

    private static <T> T read(String file, TypeReference<T> type) {
        try {
            return STRICT.readValue(text(file), type);
        } catch (IOException e) {
            throw new DefinitionException(file + ": " + rootMessage(e));
        }
    }

    private static String text(String file) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(ROOT + file)) {
            if (in == null) {
                throw new DefinitionException(ROOT + file + ": listed in workflows/index.json but not found");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DefinitionException(file + ": " + e.getMessage());
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t instanceof com.fasterxml.jackson.core.JsonProcessingException jpe ? jpe.getOriginalMessage() : t.getMessage();
        return message == null ? t.getClass().getSimpleName() : message;
    }
}
