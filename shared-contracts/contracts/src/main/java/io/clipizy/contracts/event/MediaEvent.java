package io.clipizy.contracts.event;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.clipizy.contracts.Topics;
import java.util.UUID;

/** Events of media assets, keyed by asset id. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXISTING_PROPERTY, property = "type", visible = true)
@JsonSubTypes({
        @JsonSubTypes.Type(value = MediaStored.class, name = "MediaStored"),
        @JsonSubTypes.Type(value = MediaDeleted.class, name = "MediaDeleted")
})
public sealed interface MediaEvent extends Message permits MediaStored, MediaDeleted {
    UUID assetId();

    @Override
    default String topic() {
        return Topics.MEDIA_EVENTS;
    }

    @Override
    default String key() {
        return assetId().toString();
    }
}
