package io.clipizy.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clipizy.contracts.problem.Problem;
import io.clipizy.contracts.problem.ProblemType;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The application/problem+json body every service answers errors with (RFC 9457), and its stable type URIs. */
class ProblemTest {

    @Test
    void validationProblemSerialisesTypeStatusAndOneEntryPerField() {
        Problem problem = Problem.of(ProblemType.VALIDATION, "The workflow inputs are invalid.", List.of(
                        new Problem.FieldViolation("inputs.scenes", "must not be empty"),
                        new Problem.FieldViolation("inputs.style", "unknown style 'vaporwave'")))
                .withInstance("/api/projects/42/runs");

        JsonNode json = JsonCodec.tree(problem);

        assertEquals("https://clipizy.io/problems/validation", json.path("type").asText());
        assertEquals("Invalid request", json.path("title").asText());
        assertEquals(400, json.path("status").asInt());
        assertTrue(json.path("status").isInt(), "status is a JSON number");
        assertEquals("The workflow inputs are invalid.", json.path("detail").asText());
        assertEquals("/api/projects/42/runs", json.path("instance").asText());
        assertEquals(2, json.path("errors").size());
        assertEquals("inputs.scenes", json.at("/errors/0/field").asText());
        assertEquals("must not be empty", json.at("/errors/0/message").asText());
        assertEquals("inputs.style", json.at("/errors/1/field").asText());
        assertTrue(SchemaValidation.validate("Problem", json).isEmpty());
        assertEquals(problem, JsonCodec.decode(JsonCodec.encode(problem), Problem.class));
    }

    @Test
    void problemWithoutFieldErrorsHasAnEmptyListAndNoNullMembers() {
        Problem problem = Problem.of(ProblemType.INSUFFICIENT_CREDITS, "This run needs 120 credits; you have 80.");

        JsonNode json = JsonCodec.tree(problem);

        assertEquals("https://clipizy.io/problems/insufficient-credits", json.path("type").asText());
        assertEquals(402, json.path("status").asInt());
        assertTrue(json.path("errors").isArray() && json.path("errors").isEmpty(), json.toString());
        assertFalse(json.has("instance"), "absent instance is omitted: " + json);
        assertTrue(SchemaValidation.validate("Problem", json).isEmpty());
    }

    @Test
    void problemsFromOtherServersDecodeWithTheirExtraMembers() {
        String foreign = "{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,"
                + "\"traceId\":\"4bf92f3577b34da6\",\"errors\":[{\"field\":\"id\",\"message\":\"unknown\",\"code\":7}]}";

        Problem problem = JsonCodec.decode(foreign, Problem.class);

        assertEquals(URI.create("about:blank"), problem.type());
        assertEquals(404, problem.status());
        assertEquals(List.of(new Problem.FieldViolation("id", "unknown")), problem.errors());
        assertTrue(SchemaValidation.validate("Problem", Samples.json(foreign)).isEmpty());
    }

    @Test
    void schemaRejectsAProblemWithAnImpossibleStatus() {
        JsonNode json = JsonCodec.tree(Problem.of(ProblemType.CONFLICT, "already running"));
        ((ObjectNode) json).put("status", 42);

        assertFalse(SchemaValidation.validate("Problem", json).isEmpty());
    }

    @Test
    void problemTypeUrisAreUniqueAndUnderTheProblemsBase() {
        List<URI> uris = Arrays.stream(ProblemType.values()).map(ProblemType::uri).toList();

        Set<URI> distinct = Set.copyOf(uris);
        assertEquals(uris.size(), distinct.size(), "duplicate problem type URIs: " + uris);
        for (ProblemType type : ProblemType.values()) {
            URI uri = type.uri();
            assertTrue(uri.isAbsolute() && uri.toString().startsWith(ProblemType.BASE), type + ": " + uri);
            assertTrue(uri.toString().length() > ProblemType.BASE.length(), type + " has an empty slug");
            assertTrue(type.status() >= 400 && type.status() <= 599, type + " status " + type.status());
            assertFalse(type.title().isBlank(), type + " has no title");
        }
        Set<String> titles = Arrays.stream(ProblemType.values()).map(ProblemType::title).collect(Collectors.toSet());
        assertEquals(ProblemType.values().length, titles.size(), "duplicate problem titles");
    }

    @Test
    void statusWithoutASpecificKindFallsBackByClass() {
        assertEquals(ProblemType.NOT_FOUND, ProblemType.forStatus(404));
        assertEquals(ProblemType.RATE_LIMITED, ProblemType.forStatus(429));
        assertEquals(ProblemType.VALIDATION, ProblemType.forStatus(418));
        assertEquals(ProblemType.INTERNAL, ProblemType.forStatus(502));
    }
}
