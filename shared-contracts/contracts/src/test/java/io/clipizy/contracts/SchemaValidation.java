package io.clipizy.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.AbsoluteIri;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.resource.InputStreamSource;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates JSON against the schemas of {@link Schemas}, offline: {@code https://clipizy.io/schemas/} ids (the
 * schemas themselves and the {@code $ref}s between them) are read through {@link Schemas#forId(String)}, the
 * draft 2020-12 meta-schema comes from the validator's jar, and any other http(s) fetch fails the test.
 */
final class SchemaValidation {
    static final String META_SCHEMA = "https://json-schema.org/draft/2020-12/schema";

    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true) // uuid, date-time and uri are checked, not just annotations
            .build();

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaLoaders(loaders -> loaders
                    .schemas(iri -> iri.startsWith(Schemas.BASE_URI) ? Schemas.forId(iri) : null)
                    .add(SchemaValidation::refuseNetwork)));

    private static final Map<String, JsonSchema> COMPILED = new ConcurrentHashMap<>();

    private SchemaValidation() {
    }

    /** The errors of {@code json} against the schema of record {@code recordName}; empty when it is valid. */
    static Set<ValidationMessage> validate(String recordName, JsonNode json) {
        return schema(recordName).validate(json);
    }

    /** The errors of a schema document against the draft 2020-12 meta-schema; empty when it is a valid schema. */
    static Set<ValidationMessage> validateSchemaDocument(JsonNode schemaDocument) {
        return FACTORY.getSchema(SchemaLocation.of(META_SCHEMA), CONFIG).validate(schemaDocument);
    }

    private static JsonSchema schema(String recordName) {
        return COMPILED.computeIfAbsent(recordName, name -> {
            JsonSchema schema = FACTORY.getSchema(SchemaLocation.of(Schemas.id(name)), CONFIG);
            schema.initializeValidators(); // resolves every $ref now, so a dangling one fails here
            return schema;
        });
    }

    private static InputStreamSource refuseNetwork(AbsoluteIri iri) {
        String value = iri.toString();
        if (value.startsWith("http:") || value.startsWith("https:")) {
            throw new IllegalStateException("schema resolution tried the network for " + value);
        }
        return null;
    }
}
