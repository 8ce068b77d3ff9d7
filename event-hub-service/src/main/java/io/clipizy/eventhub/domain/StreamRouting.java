package io.clipizy.eventhub.domain;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipizy.contracts.ContractViolationException;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.event.Message;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Which replay streams a record belongs to: always its owner's user stream, plus the task, run, chat and project
 * streams of the correlation ids it carries at its top level (whatever its family, so a new record type that carries
 * a {@code runId} is routed to its run without a change here).
 *
 * <p>The record types are Java records whose JSON fields are their components: a type's id components are found
 * once ({@link #ACCESSORS}) and read directly, rather than writing every consumed record back into a JSON tree to look
 * them up. A type whose id fields are not plain {@link UUID} or text components is routed from its JSON tree as before.
 */
public final class StreamRouting {
    /** How to read one stream kind's id from a record type. */
    private record IdAccessor(StreamKind kind, Method accessor) {
    }

    /** Per record type: its id accessors, or empty when the type must be routed from its JSON tree. */
    private static final ClassValue<Optional<List<IdAccessor>>> ACCESSORS = new ClassValue<>() {
        @Override
        protected Optional<List<IdAccessor>> computeValue(Class<?> type) {
            return Optional.ofNullable(accessors(type));
        }
    };

    private StreamRouting() {
    }

    /** The record's streams in key order: the order their cursors are locked in, so two records never deadlock. */
    public static List<StreamKey> streamsOf(Message record) {
        TreeSet<StreamKey> streams = new TreeSet<>();
        streams.add(userStream(record.ownerId()));
        List<IdAccessor> accessors = ACCESSORS.get(record.getClass()).orElse(null);
        if (accessors == null) {
            JsonNode fields = JsonCodec.tree(record);
            for (StreamKind kind : StreamKind.values()) {
                JsonNode id = kind.idField() == null ? null : fields.get(kind.idField());
                if (id != null && id.isTextual()) {
                    streams.add(StreamKey.of(kind, UUID.fromString(id.asText())));
                }
            }
        } else {
            for (IdAccessor id : accessors) {
                Object value = read(id.accessor(), record);
                if (value instanceof UUID uuid) {
                    streams.add(StreamKey.of(id.kind(), uuid));
                } else if (value != null) {
                    streams.add(StreamKey.of(id.kind(), UUID.fromString(value.toString())));
                }
            }
        }
        return List.copyOf(streams);
    }

    private static List<IdAccessor> accessors(Class<?> type) {
        if (!type.isRecord()) {
            return null;
        }
        List<IdAccessor> accessors = new ArrayList<>();
        for (StreamKind kind : StreamKind.values()) {
            if (kind.idField() == null) {
                continue;
            }
            for (RecordComponent component : type.getRecordComponents()) {
                if (!component.getName().equals(kind.idField())) {
                    continue;
                }
                Class<?> valueType = component.getType();
                if (valueType != UUID.class && valueType != String.class) {
                    return null;
                }
                Method accessor = component.getAccessor();
                try {
                    accessor.setAccessible(true);
                } catch (RuntimeException e) {
                    return null;
                }
                accessors.add(new IdAccessor(kind, accessor));
            }
        }
        return List.copyOf(accessors);
    }

    private static Object read(Method accessor, Message record) {
        try {
            return accessor.invoke(record);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        }
    }

    private static StreamKey userStream(String ownerId) {
        try {
            return StreamKey.user(ownerId);
        } catch (IllegalArgumentException e) {
            // Without a usable owner the record cannot be routed to anyone safely: it is a contract violation.
            throw new ContractViolationException("ownerId", "field 'ownerId' cannot name a user stream");
        }
    }
}
