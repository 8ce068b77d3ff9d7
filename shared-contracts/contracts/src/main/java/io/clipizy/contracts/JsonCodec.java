package io.clipizy.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.List;

/**
 * The one JSON codec of the suite: ISO-8601 instants, unknown fields tolerated (forward compatibility),
 * absent optional fields omitted, and every decoding failure turned into a {@link ContractViolationException}
 * that names the offending field.
 */
public final class JsonCodec {
    private static final ObjectMapper MAPPER = configure(new ObjectMapper());

    private JsonCodec() {
    }

    /** Applies the suite's settings to a mapper (services call this on the framework's own mapper). */
    public static ObjectMapper configure(ObjectMapper mapper) {
        return mapper.registerModule(new JavaTimeModule())
                .registerModule(new Jdk8Module())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    }

    /** The shared, thread-safe mapper. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static String encode(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new ContractViolationException(null, "cannot encode " + value.getClass().getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    public static JsonNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }

    public static <T> T decode(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw violation(type, e);
        }
    }

    public static <T> T decode(byte[] json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (java.io.IOException e) {
            throw violation(type, e);
        }
    }

    public static <T> T convert(JsonNode node, Class<T> type) {
        try {
            return MAPPER.treeToValue(node, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw violation(type, e);
        }
    }

    private static ContractViolationException violation(Class<?> type, Exception e) {
        String pathField = lastFieldOnPath(e);
        Throwable cause = e;
        while (cause != null) {
            if (cause instanceof ContractViolationException cve) {
                if (cve.field() == null && pathField != null) {
                    // e.g. an unknown enum value: the enum's factory cannot know which field it was reading
                    return new ContractViolationException(pathField,
                            type.getSimpleName() + ": field '" + pathField + "': " + cve.getMessage(), e);
                }
                return new ContractViolationException(cve.field(), type.getSimpleName() + ": " + cve.getMessage(), e);
            }
            cause = cause.getCause() == cause ? null : cause.getCause();
        }
        String field = pathField;
        if (field == null && e instanceof InvalidTypeIdException itie && itie.getBaseType() != null) {
            field = typeIdProperty(itie.getBaseType().getRawClass());
        }
        String detail;
        if (e instanceof InvalidFormatException ife) {
            detail = "field '" + field + "' has an invalid value '" + ife.getValue() + "'";
        } else if (e instanceof ValueInstantiationException) {
            detail = "invalid value";
        } else if (e instanceof JsonProcessingException jpe) {
            detail = jpe.getOriginalMessage();
        } else {
            detail = e.getMessage();
        }
        if (field != null && !detail.contains("'" + field + "'")) {
            detail = "field '" + field + "': " + detail;
        }
        return new ContractViolationException(field, type.getSimpleName() + ": " + detail, e);
    }

    /** The name of the innermost JSON field the failure happened in, or null at the document's root. */
    private static String lastFieldOnPath(Exception e) {
        if (e instanceof JsonMappingException jme) {
            List<JsonMappingException.Reference> path = jme.getPath();
            for (int i = path.size() - 1; i >= 0; i--) {
                if (path.get(i).getFieldName() != null) {
                    return path.get(i).getFieldName();
                }
            }
        }
        return null;
    }

    /** The discriminator property declared by the {@link JsonTypeInfo} of a type or of one of its supertypes. */
    private static String typeIdProperty(Class<?> type) {
        if (type == null) {
            return null;
        }
        JsonTypeInfo info = type.getAnnotation(JsonTypeInfo.class);
        if (info != null) {
            return info.property().isEmpty() ? info.use().getDefaultPropertyName() : info.property();
        }
        for (Class<?> supertype : type.getInterfaces()) {
            String property = typeIdProperty(supertype);
            if (property != null) {
                return property;
            }
        }
        return typeIdProperty(type.getSuperclass());
    }
}
