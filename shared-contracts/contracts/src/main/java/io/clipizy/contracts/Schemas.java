package io.clipizy.contracts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JSON Schemas (draft 2020-12) of the suite's records, one per record, read from the classpath. A schema's
 * {@code $id} is {@code https://clipizy.io/schemas/<RecordName>.schema.json}; schemas refer to each other by that id
 * (e.g. {@code TaskEvent} to {@code TaskOutput}), so a validator resolves them offline with {@link #forId(String)}.
 */
public final class Schemas {
    /** Base of every schema {@code $id}. */
    public static final String BASE_URI = "https://clipizy.io/schemas/";

    private static final String SUFFIX = ".schema.json";
    private static final String RESOURCE_FOLDER = "/schemas/";

    // Kept in step with src/main/resources/schemas and with the records by SchemaCatalogueTest.
    private static final List<String> NAMES = List.of(
            "AudioAnalysis", "CaptureCreditsRequest", "ChatStatusChanged", "CreditReservation", "CreditsChanged", "ErrorInfo",
            "GenerationRequested", "InputRequested", "MediaDeleted", "MediaStored", "MessageAdded", "NodeFailed",
            "NodeStarted", "NodeSucceeded", "Problem", "ProjectDeleted", "ReleaseCreditsRequest",
            "ReserveCreditsRequest", "RunCancelled", "RunFailed", "RunStarted", "RunSucceeded", "StoreOutputRequest",
            "StoredMedia", "TaskCancelRequested", "TaskEvent", "TaskOutput", "Timeline");

    private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

    private Schemas() {
    }

    /** The names of all schemas (each the simple name of its record), in alphabetical order. */
    public static List<String> names() {
        return NAMES;
    }

    /** The schema text of a record, e.g. {@code forType("TaskEvent")}. */
    public static String forType(String recordName) {
        if (!NAMES.contains(recordName)) {
            throw new IllegalArgumentException("no schema for '" + recordName + "'; known: " + NAMES);
        }
        return CACHE.computeIfAbsent(recordName, Schemas::load);
    }

    /** The schema text of a record class, e.g. {@code forType(TaskEvent.class)}. */
    public static String forType(Class<?> recordType) {
        return forType(recordType.getSimpleName());
    }

    /** The {@code $id} of a record's schema. */
    public static String id(String recordName) {
        return BASE_URI + recordName + SUFFIX;
    }

    /** The schema text for a {@code $id} such as {@code https://clipizy.io/schemas/TaskEvent.schema.json}. */
    public static String forId(String id) {
        if (id == null || !id.startsWith(BASE_URI) || !id.endsWith(SUFFIX)) {
            throw new IllegalArgumentException("not a Clipizy schema id: " + id);
        }
        return forType(id.substring(BASE_URI.length(), id.length() - SUFFIX.length()));
    }

    private static String load(String recordName) {
        String resource = RESOURCE_FOLDER + recordName + SUFFIX;
        try (InputStream in = Schemas.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("schema resource " + resource + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema resource " + resource, e);
        }
    }
}
