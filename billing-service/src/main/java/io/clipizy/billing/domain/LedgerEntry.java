package io.clipizy.billing.domain;

import io.clipizy.contracts.event.CreditsChanged;
import java.time.Instant;

/**
 * One change of a balance, as written to the append-only ledger. {@code id} and {@code createdAt} are null until the
 * entry is stored.
 */
public record LedgerEntry(Long id, String ownerId, LedgerEntryType type, long delta, long balanceAfter, String reference,
                          String note, String actorId, Instant createdAt) {

    /** Reference of the welcome grant: with the ledger's unique (owner, type, reference) it can exist once per user. */
    public static final String WELCOME_REFERENCE = "welcome";

    public static LedgerEntry welcome(String ownerId, long credits) {
        return new LedgerEntry(null, ownerId, LedgerEntryType.WELCOME_BONUS, credits, credits, WELCOME_REFERENCE,
                "Welcome credits", null, null);
    }

    public static LedgerEntry adminAdjustment(String ownerId, long delta, long balanceAfter, String reference, String note,
                                              String adminId) {
        return new LedgerEntry(null, ownerId, LedgerEntryType.ADMIN_ADJUSTMENT, delta, balanceAfter, reference, note,
                adminId, null);
    }

    /** Credits taken from the balance and held for a task until it ends. */
    public static LedgerEntry reserved(String ownerId, long credits, long balanceAfter, String taskId, String note) {
        return new LedgerEntry(null, ownerId, LedgerEntryType.RESERVED, -credits, balanceAfter, taskId, note, null, null);
    }

    /**
     * The charge of a task's held credits: they left the balance when reserved, so the entry moves nothing and its
     * note states what was charged.
     */
    public static LedgerEntry captured(String ownerId, long charged, long balanceAfter, String taskId) {
        return new LedgerEntry(null, ownerId, LedgerEntryType.CAPTURED, 0, balanceAfter, taskId,
                "Charged " + charged + " credits", null, null);
    }

    /** Held credits given back: all of them when a task fails, the unused rest when it is charged less. */
    public static LedgerEntry released(String ownerId, long credits, long balanceAfter, String taskId, String note) {
        return new LedgerEntry(null, ownerId, LedgerEntryType.RELEASED, credits, balanceAfter, taskId, note, null, null);
    }

    /** The event announcing this entry on {@code billing.events}. */
    public CreditsChanged event() {
        return CreditsChanged.of(ownerId, balanceAfter, delta, type.wire(), reference);
    }
}
