package io.clipizy.kit.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipizy.contracts.JsonCodec;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/** Gives the framework's JSON mapper the suite's settings, so REST bodies and Kafka records read and write alike. */
@Singleton
public class JsonCustomizer implements ObjectMapperCustomizer {
    @Override
    public void customize(ObjectMapper mapper) {
        JsonCodec.configure(mapper);
    }
}
