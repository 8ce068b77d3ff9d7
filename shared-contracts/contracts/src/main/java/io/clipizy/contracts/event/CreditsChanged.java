package io.clipizy.contracts.event;

import io.clipizy.contracts.Require;
import java.time.Instant;
import java.util.UUID;

/** A user's credit balance changed by one ledger entry. */
public record CreditsChanged(
        UUID eventId, String type, int schemaVersion, Instant occurredAt, String ownerId,
        long balance, long delta, String reason, String reference) implements BillingEvent {

    public static final String TYPE = "CreditsChanged";

    public CreditsChanged {
        Require.present(eventId, "eventId");
        type = Require.type(type, TYPE);
        Require.positive(schemaVersion, "schemaVersion");
        Require.present(occurredAt, "occurredAt");
        Require.text(ownerId, "ownerId");
        Require.nonNegative(balance, "balance");
        Require.text(reason, "reason");
    }

    /** A new record with a fresh event id, the current time and schema version 1. */
    public static CreditsChanged of(String ownerId, long balance, long delta, String reason, String reference) {
        return new CreditsChanged(UUID.randomUUID(), TYPE, 1, Instant.now(), ownerId, balance, delta, reason, reference);
    }
}
