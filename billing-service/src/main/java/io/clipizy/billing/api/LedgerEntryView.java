package io.clipizy.billing.api;

import io.clipizy.billing.domain.LedgerEntry;
import io.clipizy.billing.domain.LedgerEntryType;
import java.time.Instant;

/** One ledger entry as the API shows it: what changed the balance, by how much, and the balance after it. */
public record LedgerEntryView(long id, String ownerId, LedgerEntryType type, long delta, long balanceAfter,
                              String reference, String note, Instant createdAt) {

    public static LedgerEntryView of(LedgerEntry e) {
        return new LedgerEntryView(e.id(), e.ownerId(), e.type(), e.delta(), e.balanceAfter(), e.reference(), e.note(),
                e.createdAt());
    }
}
