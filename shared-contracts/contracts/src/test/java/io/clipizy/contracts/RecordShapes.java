package io.clipizy.contracts;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reflection over the records and their JSON trees, shared by the contract tests. */
final class RecordShapes {
    private RecordShapes() {
    }

    /** An object inside a record's JSON tree that is itself a record (the root, an ErrorInfo, a TaskOutput...). */
    record Located(JsonPointer pointer, Class<?> recordType) {
        ObjectNode in(JsonNode root) {
            return (ObjectNode) root.at(pointer);
        }

        String describe(String field) {
            return recordType.getSimpleName() + " at '" + pointer + "', field '" + field + "'";
        }
    }

    /** The root object and every nested record object of a record's JSON tree (free-form JsonNode fields excluded). */
    static List<Located> recordObjects(Class<?> recordType, JsonNode tree) {
        List<Located> found = new ArrayList<>();
        collect(recordType, tree, JsonPointer.empty(), found);
        return found;
    }

    private static void collect(Class<?> recordType, JsonNode node, JsonPointer at, List<Located> found) {
        found.add(new Located(at, recordType));
        for (RecordComponent component : recordType.getRecordComponents()) {
            JsonNode value = node.get(component.getName());
            if (value == null || value.isNull()) {
                continue;
            }
            JsonPointer here = at.appendProperty(component.getName());
            if (component.getType().isRecord()) {
                collect(component.getType(), value, here, found);
            } else if (List.class.equals(component.getType()) && elementType(component).isRecord()) {
                for (int i = 0; i < value.size(); i++) {
                    collect(elementType(component), value.get(i), here.appendIndex(i), found);
                }
            }
        }
    }

    /** The element class of a {@code List<X>} component. */
    static Class<?> elementType(RecordComponent component) {
        ParameterizedType list = (ParameterizedType) component.getGenericType();
        return (Class<?>) list.getActualTypeArguments()[0];
    }

    static Optional<RecordComponent> component(Class<?> recordType, String name) {
        for (RecordComponent component : recordType.getRecordComponents()) {
            if (component.getName().equals(name)) {
                return Optional.of(component);
            }
        }
        return Optional.empty();
    }

    static Object valueOf(Object record, RecordComponent component) {
        try {
            return component.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new instance of a record with one component replaced, built through its canonical constructor. */
    static Object withComponent(Object record, String name, Object replacement) {
        RecordComponent[] components = record.getClass().getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] args = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            args[i] = components[i].getName().equals(name) ? replacement : valueOf(record, components[i]);
        }
        try {
            return record.getClass().getDeclaredConstructor(types).newInstance(args);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("constructor rejected " + name + "=" + replacement, e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode tree(Object record) {
        return (ObjectNode) JsonCodec.tree(record);
    }

    static String text(JsonNode tree) {
        try {
            return new ObjectMapper().writeValueAsString(tree);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The schema document of a record, parsed. */
    static JsonNode schemaOf(String recordName) {
        try {
            return JsonCodec.mapper().readTree(Schemas.forType(recordName));
        } catch (Exception e) {
            throw new IllegalStateException("schema of " + recordName + " is not JSON", e);
        }
    }

    static List<String> requiredOf(JsonNode schema) {
        List<String> required = new ArrayList<>();
        schema.path("required").forEach(node -> required.add(node.asText()));
        return required;
    }
}
