package io.clipizy.billing.service;

import io.clipizy.billing.config.BillingConfig;
import io.clipizy.billing.domain.Adjustment;
import io.clipizy.billing.domain.CreditAccount;
import io.clipizy.billing.domain.LedgerEntry;
import io.clipizy.billing.domain.LedgerEntryType;
import io.clipizy.billing.persistence.CreditAccountRepository;
import io.clipizy.billing.persistence.LedgerRepository;
import io.clipizy.contracts.problem.ProblemType;
import io.clipizy.kit.outbox.Outbox;
import io.clipizy.kit.outbox.UnitOfWork;
import io.clipizy.kit.web.Page;
import io.clipizy.kit.web.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The credit ledger's operations. Every balance change is one ledger entry plus its {@code CreditsChanged} in the
 * outbox, written in the transaction that changes the balance: credits are never lost, doubled or overdrawn.
 */
@ApplicationScoped
public class LedgerService {
    @Inject
    CreditAccountRepository accounts;

    @Inject
    LedgerRepository ledger;

    @Inject
    Outbox outbox;

    @Inject
    UnitOfWork unitOfWork;

    @Inject
    BillingConfig config;

    /** The user's account, opened with the welcome grant if this is the first time the user is seen. */
    public Uni<CreditAccount> account(String ownerId) {
        return unitOfWork.read(c -> accounts.find(c, ownerId)).chain(existing -> existing != null
                ? Uni.createFrom().item(existing)
                : unitOfWork.run(tx -> openInTransaction(tx, ownerId).chain(() -> accounts.find(tx, ownerId))));
    }

    /**
     * Opens the account in the caller's transaction unless it exists, granting the welcome credits with their ledger
     * entry and event. Concurrent first calls all reach the insert; only one inserts, so the grant happens once.
     */
    public Uni<Void> openInTransaction(SqlConnection tx, String ownerId) {
        long welcomeCredits = config.welcomeCredits();
        return accounts.openIfAbsent(tx, ownerId, welcomeCredits).chain(opened -> opened && welcomeCredits > 0
                ? ledger.append(tx, LedgerEntry.welcome(ownerId, welcomeCredits)).chain(e -> outbox.append(tx, e.event()))
                : Uni.createFrom().voidItem());
    }

    /** The user's ledger, newest first. */
    public Uni<Page<LedgerEntry>> transactions(String ownerId, LedgerEntryType type, int page, int size) {
        return account(ownerId).chain(a -> unitOfWork.read(c -> ledger.list(c, ownerId, type, page, size)));
    }

    /** One ledger entry by id, or null. */
    public Uni<LedgerEntry> entry(long id) {
        return unitOfWork.read(c -> ledger.findById(c, id));
    }

    /**
     * Applies an admin's adjustment to a user's balance: 409 when it would take the balance below 0. With an
     * idempotency key, a repeat of an applied adjustment answers the original entry instead of applying it again.
     */
    public Uni<Adjustment> adjust(String ownerId, long delta, String reason, String adminId, String idempotencyKey) {
        return unitOfWork.run(tx -> openInTransaction(tx, ownerId)
                .chain(() -> accounts.lock(tx, ownerId))
                .chain(() -> idempotencyKey == null ? Uni.createFrom().<LedgerEntry>nullItem()
                        : ledger.findByReference(tx, ownerId, LedgerEntryType.ADMIN_ADJUSTMENT, idempotencyKey))
                .chain(previous -> previous != null
                        ? Uni.createFrom().item(replay(previous, delta))
                        : apply(tx, ownerId, delta, reason, adminId, idempotencyKey)));
    }

    private Uni<Adjustment> apply(SqlConnection tx, String ownerId, long delta, String reason, String adminId, String reference) {
        return accounts.applyDelta(tx, ownerId, delta).chain(updated -> {
            if (updated == null) {
                throw new ProblemException(ProblemType.CONFLICT,
                        "The adjustment would take the balance below 0; nothing was changed");
            }
            return ledger.append(tx, LedgerEntry.adminAdjustment(ownerId, delta, updated.balance(), reference, reason, adminId))
                    .call(entry -> outbox.append(tx, entry.event()))
                    .map(entry -> new Adjustment(entry, false));
        });
    }

    /**
     * Adds credits for a payment in the caller's transaction (opening the account if needed). The ledger's unique
     * (owner, type, reference) makes a second grant for the same payment fail instead of doubling it.
     */
    public Uni<LedgerEntry> grant(SqlConnection tx, String ownerId, LedgerEntryType type, long credits, String reference,
                                  String note) {
        return openInTransaction(tx, ownerId)
                .chain(() -> accounts.applyDelta(tx, ownerId, credits))
                .chain(account -> appendAndAnnounce(tx, new LedgerEntry(null, ownerId, type, credits, account.balance(),
                        reference, note, null, null)));
    }

    /**
     * Takes back up to {@code credits} (a refund): never more than the balance holds, since spent credits cannot be
     * un-spent. Answers the entry, or null when the balance is already 0.
     */
    public Uni<LedgerEntry> takeBackUpTo(SqlConnection tx, String ownerId, LedgerEntryType type, long credits,
                                         String reference, String note) {
        return openInTransaction(tx, ownerId)
                .chain(() -> accounts.lock(tx, ownerId))
                .chain(account -> {
                    long taken = Math.min(credits, account.balance());
                    if (taken == 0) {
                        return Uni.createFrom().nullItem();
                    }
                    return accounts.applyDelta(tx, ownerId, -taken).chain(updated -> appendAndAnnounce(tx,
                            new LedgerEntry(null, ownerId, type, -taken, updated.balance(), reference, note, null, null)));
                });
    }

    private Uni<LedgerEntry> appendAndAnnounce(SqlConnection tx, LedgerEntry entry) {
        return ledger.append(tx, entry).call(stored -> outbox.append(tx, stored.event()));
    }

    private static Adjustment replay(LedgerEntry previous, long delta) {
        if (previous.delta() != delta) {
            throw new ProblemException(ProblemType.CONFLICT,
                    "This Idempotency-Key was already used for a different adjustment");
        }
        return new Adjustment(previous, true);
    }
}
