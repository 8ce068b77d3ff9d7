package io.clipizy.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.ValidationMessage;
import io.clipizy.contracts.RecordShapes.Located;
import io.clipizy.contracts.Samples.Sample;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every record against its JSON Schema and the codec: it round-trips, its JSON is schema-valid, unknown fields are
 * tolerated, and what the codec rejects (missing, blank or malformed fields) the schema rejects too.
 */
class RecordContractTest {

    static List<Sample> samples() {
        return Samples.all();
    }

    @Test
    void everySchemaHasAFullAndAMinimalSample() {
        for (String name : Schemas.names()) {
            assertTrue(samples().stream().anyMatch(s -> s.recordName().equals(name) && s.full()),
                    "no sample of " + name + " with every optional field filled");
            assertTrue(samples().stream().anyMatch(s -> s.recordName().equals(name) && s.minimal()),
                    "no sample of " + name + " with the optional fields left out");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void samplesAreWhatTheyClaimToBe(Sample sample) {
        Object value = sample.value();
        List<String> required = RecordShapes.requiredOf(RecordShapes.schemaOf(sample.recordName()));
        for (RecordComponent component : value.getClass().getRecordComponents()) {
            Object current = RecordShapes.valueOf(value, component);
            if (sample.full()) {
                assertNotNull(current, sample + ": optional field '" + component.getName() + "' is not filled");
            }
            if (sample.minimal() && !component.getType().isPrimitive() && !required.contains(component.getName())) {
                Object fromNull = RecordShapes.valueOf(
                        RecordShapes.withComponent(value, component.getName(), null), component);
                assertEquals(fromNull, current,
                        sample + ": optional field '" + component.getName() + "' is set in the minimal sample");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void itsJsonHoldsOnlyTheFieldsItsSchemaNames(Sample sample) {
        // Message's correlation defaults (taskId(), runId(), chatId(), projectId()) must not add fields to a record
        // that has no such component.
        JsonNode properties = RecordShapes.schemaOf(sample.recordName()).path("properties");
        Iterator<String> fields = JsonCodec.tree(sample.value()).fieldNames();
        while (fields.hasNext()) {
            String field = fields.next();
            assertTrue(properties.has(field), sample + ": field '" + field + "' is not in its schema");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void roundTripsThroughTheCodec(Sample sample) {
        String json = JsonCodec.encode(sample.value());

        Object decoded = JsonCodec.decode(json, sample.value().getClass());
        Object decodedFromBytes = JsonCodec.decode(json.getBytes(StandardCharsets.UTF_8), sample.value().getClass());
        Object converted = JsonCodec.convert(JsonCodec.tree(sample.value()), sample.value().getClass());

        assertEquals(sample.value(), decoded);
        assertEquals(sample.value(), decodedFromBytes);
        assertEquals(sample.value(), converted);
        assertEquals(json, JsonCodec.encode(decoded), "re-encoding changed the JSON");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void serialisedJsonMatchesItsSchema(Sample sample) {
        ObjectNode json = RecordShapes.tree(sample.value());

        assertValid(sample.recordName(), json);
        assertFalse(containsNull(json), sample + ": absent optional fields must be omitted, not null: " + json);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void unknownFieldsAreToleratedByCodecAndSchema(Sample sample) {
        ObjectNode json = RecordShapes.tree(sample.value());
        for (Located object : RecordShapes.recordObjects(sample.value().getClass(), json)) {
            ObjectNode node = object.in(json);
            node.put("addedInVersion2", "a field this version does not know");
            node.putObject("anotherNewField").putArray("nested").add(1).add("two");
        }

        assertEquals(sample.value(), JsonCodec.decode(RecordShapes.text(json), sample.value().getClass()));
        assertValid(sample.recordName(), json);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void everyRequiredFieldIsPresentAndItsRemovalIsRejectedByCodecAndSchema(Sample sample) {
        ObjectNode json = RecordShapes.tree(sample.value());
        List<String> required = RecordShapes.requiredOf(RecordShapes.schemaOf(sample.recordName()));

        for (String field : required) {
            assertTrue(json.has(field), sample + " lacks required field '" + field + "'");
            ObjectNode without = json.deepCopy();
            without.remove(field);

            ContractViolationException violation = decodeFailure(sample, without)
                    .orElseThrow(() -> new AssertionError(sample + " decoded without required field '" + field + "'"));
            assertNamesField(violation, field);
            Set<ValidationMessage> errors = SchemaValidation.validate(sample.recordName(), without);
            assertTrue(errors.stream().anyMatch(e -> "required".equals(e.getType()) && field.equals(e.getProperty())),
                    sample + ": schema did not report missing '" + field + "': " + errors);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void removingAnyFieldFailsDecodingExactlyWhenItFailsTheSchema(Sample sample) {
        probeEveryField(sample, (located, field) -> node -> node.remove(field), Verdict.SAME);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void blankTextFailsDecodingExactlyWhenItFailsTheSchema(Sample sample) {
        probeEveryField(sample, (located, field) -> isComponentOfType(located, field, String.class)
                && !"type".equals(field) ? node -> node.put(field, "  \t") : null, Verdict.SAME);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void malformedIdsTimesUrisAndEnumValuesAreRejectedByCodecAndSchema(Sample sample) {
        probeEveryField(sample, (located, field) -> {
            Optional<RecordComponent> component = RecordShapes.component(located.recordType(), field);
            if (component.isEmpty()) {
                return null;
            }
            Class<?> type = component.get().getType();
            if (type == UUID.class) {
                return node -> node.put(field, "5e6f7a8b-not-a-uuid");
            } else if (type == Instant.class) {
                return node -> node.put(field, "14/03/2025 09:26");
            } else if (type == URI.class) {
                return node -> node.put(field, "not a uri at all");
            } else if (type.isEnum()) {
                return node -> node.put(field, "no_such_value");
            } else if ("type".equals(field)) {
                return node -> node.put(field, "SomeOtherRecord");
            } else if (type == List.class && RecordShapes.elementType(component.get()) == UUID.class) {
                return node -> ((ArrayNode) node.get(field)).insert(0, "not-a-uuid");
            }
            return null;
        }, Verdict.BOTH_REJECT);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void numbersTheCodecRejectsTheSchemaRejectsToo(Sample sample) {
        for (String bad : List.of("-1", "2.5", "3000000000")) {
            probeEveryField(sample, (located, field) -> {
                Optional<RecordComponent> component = RecordShapes.component(located.recordType(), field);
                if (component.isEmpty() || !isNumeric(component.get().getType())) {
                    return null;
                }
                return node -> node.set(field, Samples.json(bad));
            }, Verdict.SCHEMA_REJECTS_WHAT_CODEC_REJECTS);
        }
    }

    /** Builds the mutation of one field of one record object, or null to leave that field alone. */
    @FunctionalInterface
    interface Probe {
        Consumer<ObjectNode> mutation(Located object, String field);
    }

    /** What a probe demands of the codec and the schema for each changed field. */
    enum Verdict {
        /** Both accept or both reject. */
        SAME,
        /** Whatever the codec rejects, the schema rejects (the schema may be stricter). */
        SCHEMA_REJECTS_WHAT_CODEC_REJECTS,
        /** Both reject. */
        BOTH_REJECT
    }

    /**
     * Applies a probe to every field of every record object in the sample's JSON, one at a time, and checks the
     * verdict; whenever decoding fails, the violation must also name the field.
     */
    private void probeEveryField(Sample sample, Probe probe, Verdict verdict) {
        ObjectNode json = RecordShapes.tree(sample.value());
        List<String> mismatches = new ArrayList<>();
        for (Located object : RecordShapes.recordObjects(sample.value().getClass(), json)) {
            for (Iterator<String> names = object.in(json).fieldNames(); names.hasNext(); ) {
                String field = names.next();
                Consumer<ObjectNode> mutation = probe.mutation(object, field);
                if (mutation == null) {
                    continue;
                }
                ObjectNode changed = json.deepCopy();
                mutation.accept(object.in(changed));

                Optional<ContractViolationException> violation = decodeFailure(sample, changed);
                Set<ValidationMessage> errors = SchemaValidation.validate(sample.recordName(), changed);
                if (violation.isPresent()) {
                    assertNamesField(violation.get(), field);
                    if (errors.isEmpty()) {
                        mismatches.add(object.describe(field) + ": codec rejects (" + violation.get().getMessage()
                                + ") but schema accepts " + changed);
                    }
                } else if (verdict == Verdict.BOTH_REJECT) {
                    mismatches.add(object.describe(field) + ": codec accepts " + changed);
                } else if (verdict == Verdict.SAME && !errors.isEmpty()) {
                    mismatches.add(object.describe(field) + ": codec accepts but schema rejects: " + errors);
                }
            }
        }
        assertTrue(mismatches.isEmpty(), sample + ":\n" + String.join("\n", mismatches));
    }

    private static Optional<ContractViolationException> decodeFailure(Sample sample, JsonNode json) {
        try {
            JsonCodec.decode(RecordShapes.text(json), sample.value().getClass());
            return Optional.empty();
        } catch (ContractViolationException e) {
            return Optional.of(e);
        }
    }

    private static void assertNamesField(ContractViolationException violation, String field) {
        assertEquals(field, violation.field(), "violation names the wrong field: " + violation.getMessage());
        assertTrue(violation.getMessage().contains("'" + field + "'"),
                "message does not name '" + field + "': " + violation.getMessage());
    }

    private static void assertValid(String recordName, JsonNode json) {
        Set<ValidationMessage> errors = SchemaValidation.validate(recordName, json);
        assertTrue(errors.isEmpty(), recordName + " " + json + " fails its schema: "
                + errors.stream().map(ValidationMessage::getMessage).collect(Collectors.joining("; ")));
    }

    private static boolean isComponentOfType(Located object, String field, Class<?> type) {
        return RecordShapes.component(object.recordType(), field).map(c -> c.getType() == type).orElse(false);
    }

    private static boolean isNumeric(Class<?> type) {
        return type == int.class || type == Integer.class || type == long.class || type == Long.class
                || type == double.class || type == Double.class;
    }

    private static boolean containsNull(JsonNode node) {
        if (node.isNull()) {
            return true;
        }
        for (JsonNode child : node) {
            if (containsNull(child)) {
                return true;
            }
        }
        return false;
    }
}
