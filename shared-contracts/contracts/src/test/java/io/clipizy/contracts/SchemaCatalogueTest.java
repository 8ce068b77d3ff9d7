package io.clipizy.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.ValidationMessage;
import io.clipizy.contracts.event.Message;
import io.clipizy.contracts.event.TaskEvent;
import io.clipizy.contracts.problem.Problem;
import io.clipizy.contracts.rest.StoredMedia;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The schema catalogue against the code: every record of {@code event/}, {@code rest/}, {@code problem/} and
 * {@code media/} has a schema (so a new record without one fails the build), and every schema describes its record's
 * fields with the JSON types, formats and enum wire values the codec actually writes.
 */
class SchemaCatalogueTest {
    private static final List<String> RECORD_PACKAGES = List.of(
            "io.clipizy.contracts.event", "io.clipizy.contracts.rest", "io.clipizy.contracts.problem",
            "io.clipizy.contracts.media");
    private static final List<String> ENVELOPE = List.of("eventId", "type", "schemaVersion", "occurredAt", "ownerId");

    /** The top-level records of the contract packages, found by listing the compiled classes. */
    static Map<String, Class<?>> recordClasses() {
        Map<String, Class<?>> records = new TreeMap<>();
        for (String pkg : RECORD_PACKAGES) {
            for (Path folder : classpathFolders(pkg.replace('.', '/'))) {
                try (Stream<Path> files = Files.list(folder)) {
                    for (Path file : files.toList()) {
                        String fileName = file.getFileName().toString();
                        if (!fileName.endsWith(".class") || fileName.contains("$")) {
                            continue; // nested types (Problem.FieldViolation, TaskEvent.Correlation) belong to their record
                        }
                        Class<?> type = Class.forName(pkg + "." + fileName.substring(0, fileName.length() - 6));
                        if (type.isRecord()) {
                            records.put(type.getSimpleName(), type);
                        }
                    }
                } catch (IOException | ClassNotFoundException e) {
                    throw new IllegalStateException("cannot list " + folder, e);
                }
            }
        }
        return records;
    }

    static Stream<String> schemaNames() {
        return Schemas.names().stream();
    }

    @Test
    void everyRecordHasASchemaAndEverySchemaARecord() {
        Map<String, Class<?>> records = recordClasses();
        // guards against a listing that silently finds nothing
        assertTrue(records.keySet().containsAll(List.of("TaskEvent", "RunStarted", "ErrorInfo", "StoredMedia", "Problem")),
                "record scan found only " + records.keySet());

        assertEquals(records.keySet(), new TreeSet<>(schemaFiles()),
                "records in event/, rest/, problem/, media/ vs files in src/main/resources/schemas");
        assertEquals(records.keySet(), new TreeSet<>(Schemas.names()), "records vs Schemas.names()");
    }

    @Test
    void schemaNamesAreSortedAndUnique() {
        List<String> sorted = new ArrayList<>(new TreeSet<>(Schemas.names()));
        assertEquals(sorted, Schemas.names());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schemaNames")
    void schemaHeaderIdentifiesItsRecord(String name) {
        JsonNode schema = RecordShapes.schemaOf(name);

        assertEquals(SchemaValidation.META_SCHEMA, schema.path("$schema").asText());
        assertEquals("https://clipizy.io/schemas/" + name + ".schema.json", schema.path("$id").asText());
        assertEquals(Schemas.id(name), schema.path("$id").asText());
        assertEquals(name, schema.path("title").asText());
        assertFalse(schema.path("description").asText().isBlank(), name + " has no description");
        assertEquals("object", schema.path("type").asText());
        assertTrue(schema.path("additionalProperties").isBoolean() && schema.path("additionalProperties").asBoolean(),
                name + " must tolerate unknown fields (additionalProperties: true)");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schemaNames")
    void schemaIsAValidDraft202012Schema(String name) {
        Set<ValidationMessage> errors = SchemaValidation.validateSchemaDocument(RecordShapes.schemaOf(name));
        assertTrue(errors.isEmpty(), name + ": " + errors);
    }

    @Test
    void metaSchemaCheckRejectsABrokenSchema() {
        JsonNode broken = Samples.json("{\"type\":\"objekt\",\"required\":\"taskId\",\"properties\":{\"a\":{\"minimum\":\"one\"}}}");
        assertFalse(SchemaValidation.validateSchemaDocument(broken).isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schemaNames")
    void schemaDescribesExactlyTheRecordsFields(String name) {
        Class<?> record = recordClasses().get(name);
        JsonNode schema = RecordShapes.schemaOf(name);
        List<String> problems = new ArrayList<>();

        checkObjectSchema(record, schema, schema, problems);

        List<String> required = RecordShapes.requiredOf(schema);
        assertEquals(new LinkedHashSet<>(required).size(), required.size(), name + ": duplicate in required");
        if (Message.class.isAssignableFrom(record)) {
            assertTrue(required.containsAll(ENVELOPE), name + ": envelope fields must be required: " + required);
            assertEquals(name, schema.at("/properties/type/const").asText(), name + ": type must be const");
        }
        assertTrue(problems.isEmpty(), name + ":\n" + String.join("\n", problems));
    }

    /** Checks an object schema (a file, or a {@code $defs} entry) against a record class. */
    private static void checkObjectSchema(Class<?> record, JsonNode objectSchema, JsonNode document, List<String> problems) {
        JsonNode properties = objectSchema.path("properties");
        Set<String> componentNames = Arrays.stream(record.getRecordComponents())
                .map(RecordComponent::getName).collect(Collectors.toCollection(TreeSet::new));
        Set<String> propertyNames = new TreeSet<>();
        properties.fieldNames().forEachRemaining(propertyNames::add);
        if (!componentNames.equals(propertyNames)) {
            problems.add(record.getSimpleName() + ": record fields " + componentNames + " vs schema properties " + propertyNames);
        }
        for (String required : RecordShapes.requiredOf(objectSchema)) {
            if (!propertyNames.contains(required)) {
                problems.add(record.getSimpleName() + ": required '" + required + "' is not a property");
            }
        }
        if (!objectSchema.path("additionalProperties").asBoolean(false)) {
            problems.add(record.getSimpleName() + ": additionalProperties must be true");
        }
        for (RecordComponent component : record.getRecordComponents()) {
            JsonNode property = properties.path(component.getName());
            if (!property.isMissingNode()) {
                checkProperty(record.getSimpleName() + "." + component.getName(), component, property, document, problems);
            }
        }
    }

    private static void checkProperty(String where, RecordComponent component, JsonNode property, JsonNode document,
                                      List<String> problems) {
        if (property.path("description").asText().isBlank()) {
            problems.add(where + ": no description");
        }
        Class<?> type = component.getType();
        if (List.class.equals(type)) {
            expect(where, property, "type", "array", problems);
            checkValueSchema(where + "[]", RecordShapes.elementType(component), property.path("items"), document, problems);
        } else {
            checkValueSchema(where, type, property, document, problems);
        }
    }

    private static void checkValueSchema(String where, Class<?> type, JsonNode schema, JsonNode document,
                                         List<String> problems) {
        if (type == UUID.class) {
            expect(where, schema, "type", "string", problems);
            expect(where, schema, "format", "uuid", problems);
        } else if (type == Instant.class) {
            expect(where, schema, "type", "string", problems);
            expect(where, schema, "format", "date-time", problems);
        } else if (type == URI.class) {
            expect(where, schema, "type", "string", problems);
            expect(where, schema, "format", "uri", problems);
        } else if (type == String.class) {
            expect(where, schema, "type", "string", problems);
            if (schema.has("format") || schema.has("enum")) {
                problems.add(where + ": a Java String must not be narrowed by format or enum");
            }
        } else if (type == int.class || type == Integer.class) {
            expect(where, schema, "type", "integer", problems);
            if (schema.path("maximum").asLong(Long.MAX_VALUE) > Integer.MAX_VALUE
                    || schema.path("minimum").asLong(Long.MIN_VALUE) < Integer.MIN_VALUE) {
                problems.add(where + ": a Java int needs minimum/maximum within the int range");
            }
        } else if (type == long.class || type == Long.class) {
            expect(where, schema, "type", "integer", problems);
        } else if (type == double.class || type == Double.class) {
            expect(where, schema, "type", "number", problems);
        } else if (type == boolean.class || type == Boolean.class) {
            expect(where, schema, "type", "boolean", problems);
        } else if (type.isEnum()) {
            expect(where, schema, "type", "string", problems);
            Set<String> wire = Arrays.stream(type.getEnumConstants())
                    .map(constant -> JsonCodec.tree(constant).asText())
                    .collect(Collectors.toCollection(TreeSet::new));
            Set<String> listed = new TreeSet<>();
            schema.path("enum").forEach(value -> listed.add(value.asText()));
            if (!wire.equals(listed) || schema.path("enum").size() != wire.size()) {
                problems.add(where + ": enum " + listed + " but " + type.getSimpleName() + " writes " + wire);
            }
        } else if (type.isRecord()) {
            checkReference(where, type, schema, document, problems);
        } else if (JsonNode.class.isAssignableFrom(type)) {
            if (schema.has("$ref") || schema.has("enum") || schema.has("format")) {
                problems.add(where + ": a free-form JSON field must not be narrowed to " + schema);
            }
        } else {
            problems.add(where + ": no JSON mapping known for " + type.getName());
        }
    }

    /** A nested record is a {@code $ref} to its own schema file or to a {@code $defs} entry of the document. */
    private static void checkReference(String where, Class<?> type, JsonNode schema, JsonNode document,
                                       List<String> problems) {
        String ref = schema.path("$ref").asText();
        String name = type.getSimpleName();
        if (ref.equals(name + ".schema.json") || ref.equals(Schemas.id(name))) {
            if (!Schemas.names().contains(name)) {
                problems.add(where + ": $ref to " + ref + " but there is no such schema");
            }
        } else if (ref.equals("#/$defs/" + name)) {
            JsonNode definition = document.path("$defs").path(name);
            if (definition.isMissingNode()) {
                problems.add(where + ": $ref to missing " + ref);
            } else {
                checkObjectSchema(type, definition, document, problems);
            }
        } else {
            problems.add(where + ": expected a $ref to the " + name + " schema, found " + schema);
        }
    }

    private static void expect(String where, JsonNode schema, String keyword, String value, List<String> problems) {
        if (!value.equals(schema.path(keyword).asText(null))) {
            problems.add(where + ": expected " + keyword + " '" + value + "', found " + schema.path(keyword));
        }
    }

    @Test
    void schemasLoadByNameClassAndId() {
        String byName = Schemas.forType("TaskEvent");

        assertTrue(byName.contains("\"$id\": \"https://clipizy.io/schemas/TaskEvent.schema.json\""), byName);
        assertEquals(byName, Schemas.forType(TaskEvent.class));
        assertEquals(byName, Schemas.forId("https://clipizy.io/schemas/TaskEvent.schema.json"));
        assertSame(Schemas.forType(StoredMedia.class), Schemas.forType("StoredMedia"), "schemas are read once");
        assertTrue(Schemas.forType(Problem.class).contains("\"title\": \"Problem\""));
    }

    @Test
    void unknownSchemasAreRefused() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> Schemas.forType("TaskExploded"));
        assertTrue(unknown.getMessage().contains("TaskExploded"), unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Schemas.forType(TaskEvent.Correlation.class));
        assertThrows(IllegalArgumentException.class, () -> Schemas.forId("https://example.com/schemas/TaskEvent.schema.json"));
        assertThrows(IllegalArgumentException.class, () -> Schemas.forId(Schemas.BASE_URI + "TaskEvent.json"));
        assertThrows(IllegalArgumentException.class, () -> Schemas.forId(null));
    }

    @Test
    void namesCannotBeModified() {
        assertThrows(UnsupportedOperationException.class, () -> Schemas.names().add("Sneaky"));
    }

    private static List<String> schemaFiles() {
        List<String> names = new ArrayList<>();
        for (Path folder : classpathFolders("schemas")) {
            try (Stream<Path> files = Files.list(folder)) {
                files.map(file -> file.getFileName().toString())
                        .filter(file -> file.endsWith(".schema.json"))
                        .map(file -> file.substring(0, file.length() - ".schema.json".length()))
                        .forEach(names::add);
            } catch (IOException e) {
                throw new IllegalStateException("cannot list " + folder, e);
            }
        }
        assertFalse(names.isEmpty(), "no schema files found on the classpath");
        return names;
    }

    private static List<Path> classpathFolders(String resourceFolder) {
        try {
            List<Path> folders = new ArrayList<>();
            for (URL url : Collections.list(SchemaCatalogueTest.class.getClassLoader().getResources(resourceFolder))) {
                assertEquals("file", url.getProtocol(), "expected compiled classes in a folder, got " + url);
                folders.add(Path.of(url.toURI()));
            }
            assertFalse(folders.isEmpty(), "nothing on the classpath under " + resourceFolder);
            return folders;
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
