package io.clipizy.contracts.event;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.clipizy.contracts.Topics;

/** Events of credit accounts, keyed by user id. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXISTING_PROPERTY, property = "type", visible = true)
@JsonSubTypes({
        @JsonSubTypes.Type(value = CreditsChanged.class, name = "CreditsChanged")
})
public sealed interface BillingEvent extends Message permits CreditsChanged {
    @Override
    default String topic() {
        return Topics.BILLING_EVENTS;
    }

    @Override
    default String key() {
        return ownerId();
    }
}
