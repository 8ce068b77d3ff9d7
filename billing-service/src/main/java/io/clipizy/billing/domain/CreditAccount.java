package io.clipizy.billing.domain;

import java.time.Instant;

/** A user's credit account: the balance the ledger adds up to, and a version bumped by every change. */
public record CreditAccount(String ownerId, long balance, long version, Instant createdAt, Instant updatedAt) {
}
