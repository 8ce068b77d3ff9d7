package io.clipizy.contracts.event;

import java.time.Instant;
import java.util.UUID;

/**
 * The common envelope of every record on a Clipizy topic: who it belongs to, when it happened, and how to route it.
 * Each topic has its own sealed family below this one, so a consumer decodes exactly the records its topic carries.
 */
public sealed interface Message permits GenerationCommand, TaskEvent, WorkflowEvent, ChatEvent, MediaEvent, BillingEvent {
    /** Unique id of this record; consumers de-duplicate on it. */
    UUID eventId();

    /** The record's type name, e.g. {@code TaskEvent}. */
    String type();

    /** Version of the record's schema; bumped only for incompatible changes. */
    int schemaVersion();

    Instant occurredAt();

    /** OIDC subject of the user the record belongs to. */
    String ownerId();

    /** The topic this record is published on. */
    String topic();

    /** The Kafka key: records with the same key stay in order. */
    String key();

    // The correlation ids a record may carry at its top level. A record type with a component of that name answers
    // it through the component's accessor (which implements these methods); the others answer null. Not JSON
    // properties of their own: Jackson writes a record's components, and these names are not getters.

    /** The generation task this record is about, or null. */
    default UUID taskId() {
        return null;
    }

    /** The workflow run this record is about, or null. */
    default UUID runId() {
        return null;
    }

    /** The chat this record is about, or null. */
    default UUID chatId() {
        return null;
    }

    /** The project this record is about, or null. */
    default UUID projectId() {
        return null;
    }
}
