package io.clipizy.billing.domain;

/** The outcome of an admin adjustment: its ledger entry, and whether it was a replay of one already applied. */
public record Adjustment(LedgerEntry entry, boolean replayed) {
}
