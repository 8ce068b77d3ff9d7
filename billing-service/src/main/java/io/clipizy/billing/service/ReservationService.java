package io.clipizy.billing.service;

import io.clipizy.billing.config.BillingConfig;
import io.clipizy.billing.config.PricingConfig;
import io.clipizy.billing.domain.LedgerEntry;
import io.clipizy.billing.domain.Pricing;
import io.clipizy.billing.domain.Reservation;
import io.clipizy.billing.domain.ReservationOutcome;
import io.clipizy.billing.persistence.CreditAccountRepository;
import io.clipizy.billing.persistence.LedgerRepository;
import io.clipizy.billing.persistence.ReservationRepository;
import io.clipizy.contracts.event.TaskEvent;
import io.clipizy.contracts.event.TaskStatus;
import io.clipizy.contracts.problem.ProblemType;
import io.clipizy.contracts.rest.CreditReservation;
import io.clipizy.contracts.rest.ReserveCreditsRequest;
import io.clipizy.kit.outbox.Outbox;
import io.clipizy.kit.outbox.UnitOfWork;
import io.clipizy.kit.web.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Holds a task's credits before it runs, then charges or gives them back when it ends. Each step is one transaction
 * that locks the reservation, so a retried call, a redelivered event or a call racing an event settles a task once.
 */
@ApplicationScoped
public class ReservationService {
    private static final Logger LOG = Logger.getLogger(ReservationService.class);
    private static final Duration MAX_TOUCH_INTERVAL = Duration.ofMinutes(1);

    @Inject
    ReservationRepository reservations;

    @Inject
    CreditAccountRepository accounts;

    @Inject
    LedgerRepository ledger;

    @Inject
    LedgerService ledgerService;

    @Inject
    Outbox outbox;

    @Inject
    UnitOfWork unitOfWork;

    @Inject
    PricingConfig pricing;

    @Inject
    BillingConfig config;

    /**
     * Reserves the task's price from the owner's balance: 402 when the balance is short. A repeat for the same task
     * answers the existing reservation and holds nothing more.
     */
    public Uni<ReservationOutcome> reserve(ReserveCreditsRequest request) {
        long credits = Pricing.taskCredits(pricing, request.kind(), request.quantity());
        Reservation reservation = new Reservation(request.taskId(), request.ownerId(), request.kind(), request.quantity(),
                credits, null, CreditReservation.Status.RESERVED, request.runId(), pricing.version(), null, null);
        return unitOfWork.run(tx -> ledgerService.openInTransaction(tx, request.ownerId())
                .chain(() -> reservations.insertIfAbsent(tx, reservation))
                .chain(inserted -> inserted
                        ? hold(tx, reservation).map(view -> new ReservationOutcome(view, false))
                        : replay(tx, request).map(view -> new ReservationOutcome(view, true))));
    }

    /** Charges a running task's reservation: its actual quantity's price if given (never more than held), the rest released. */
    public Uni<CreditReservation> capture(UUID taskId, Double actualQuantity) {
        return unitOfWork.run(tx -> reservations.lock(tx, taskId).chain(r -> {
            if (r == null) {
                throw ProblemException.notFound("Reservation for task " + taskId);
            }
            if (r.status() == CreditReservation.Status.RELEASED) {
                throw new ProblemException(ProblemType.CONFLICT, "The reservation of task " + taskId + " was already released");
            }
            Uni<Void> settle = r.isOpen() ? captureOpen(tx, r, actualQuantity) : Uni.createFrom().voidItem();
            return settle.chain(() -> current(tx, taskId));
        }));
    }

    /** Gives a task's held credits back. Releasing a released reservation changes nothing; a charged one is a 409. */
    public Uni<CreditReservation> release(UUID taskId, String reason) {
        return unitOfWork.run(tx -> reservations.lock(tx, taskId).chain(r -> {
            if (r == null) {
                throw ProblemException.notFound("Reservation for task " + taskId);
            }
            if (r.status() == CreditReservation.Status.CAPTURED) {
                throw new ProblemException(ProblemType.CONFLICT, "The reservation of task " + taskId + " was already captured");
            }
            Uni<Void> settle = r.isOpen() ? releaseOpen(tx, r, reason) : Uni.createFrom().voidItem();
            return settle.chain(() -> current(tx, taskId));
        }));
    }

    /** The reservation as generation-gateway sees it, or 404. */
    public Uni<CreditReservation> find(UUID taskId) {
        return unitOfWork.read(c -> reservations.find(c, taskId).chain(r -> {
            if (r == null) {
                throw ProblemException.notFound("Reservation for task " + taskId);
            }
            return accounts.find(c, r.ownerId()).map(a -> r.view(a.balance()));
        }));
    }

    /**
     * Applies a task's event in the consumer's transaction: any other event shows the task alive (recorded at most
     * once per {@link #touchInterval()}, which keeps the sweeper off the reservation); success captures the
     * whole reservation (unless already settled), failure and cancellation release it. A task without a reservation,
     * or an event naming another owner, changes nothing.
     */
    public Uni<Void> onTaskEvent(SqlConnection tx, TaskEvent event) {
        if (!event.status().terminal()) {
            // A sign of life settles nothing, so it needs no lock: one conditional UPDATE, which writes only when the
            // last sign is older than the touch interval (progress events come every second or so; the sweeper
            // looks for hours of silence).
            return reservations.touchIfStale(tx, event.taskId(), event.ownerId(), touchInterval());
        }
        return reservations.lock(tx, event.taskId()).chain(r -> {
            if (r == null || !r.isOpen()) {
                return Uni.createFrom().voidItem();
            }
            if (!r.ownerId().equals(event.ownerId())) {
                LOG.warnf("task %s: event owner differs from the reservation's; reservation left as it is", event.taskId());
                return Uni.createFrom().voidItem();
            }
            if (event.status() == TaskStatus.SUCCEEDED) {
                return captureOpen(tx, r, null);
            }
            if (event.status() == TaskStatus.FAILED || event.status() == TaskStatus.CANCELLED) {
                return releaseOpen(tx, r, "Task " + event.status().wire().toLowerCase());
            }
            return Uni.createFrom().voidItem();
        });
    }

    /** How recent a sign of life must be for another to be skipped: a tenth of the silence timeout, at most a minute. */
    Duration touchInterval() {
        Duration tenth = config.reservations().silenceTimeout().dividedBy(10);
        return tenth.compareTo(MAX_TOUCH_INTERVAL) > 0 ? MAX_TOUCH_INTERVAL : tenth;
    }

    /** Releases a reservation whose task went silent, if it is still open when locked. */
    public Uni<Boolean> releaseSilent(UUID taskId) {
        return unitOfWork.run(tx -> reservations.lock(tx, taskId).chain(r -> r == null || !r.isOpen()
                ? Uni.createFrom().item(false)
                : releaseOpen(tx, r, "Task went silent").replaceWith(true)));
    }

    private Uni<CreditReservation> hold(SqlConnection tx, Reservation r) {
        if (r.credits() == 0) {
            return accounts.find(tx, r.ownerId()).map(a -> r.view(a.balance()));
        }
        return accounts.applyDelta(tx, r.ownerId(), -r.credits()).chain(account -> {
            if (account == null) {
                // The transaction rolls back with this, taking the reservation row with it.
                throw new ProblemException(ProblemType.INSUFFICIENT_CREDITS, "Task " + r.taskId() + " needs " + r.credits()
                        + " credits; the balance is too low");
            }
            return append(tx, LedgerEntry.reserved(r.ownerId(), r.credits(), account.balance(), r.taskId().toString(),
                    "Held for " + r.kind().wire())).map(e -> r.view(account.balance()));
        });
    }

    private Uni<CreditReservation> replay(SqlConnection tx, ReserveCreditsRequest request) {
        return reservations.find(tx, request.taskId()).chain(existing -> {
            if (!existing.ownerId().equals(request.ownerId()) || existing.kind() != request.kind()) {
                throw new ProblemException(ProblemType.CONFLICT,
                        "Task " + request.taskId() + " already has a reservation for another owner or kind");
            }
            return accounts.find(tx, existing.ownerId()).map(a -> existing.view(a.balance()));
        });
    }

    private Uni<Void> captureOpen(SqlConnection tx, Reservation r, Double actualQuantity) {
        if (r.credits() == 0) {
            // A free task: nothing was held, so there is no charge to record in the ledger.
            return reservations.markCaptured(tx, r.taskId(), 0, settledQuantity(r, actualQuantity));
        }
        long charged = actualQuantity == null ? r.credits()
                : Math.min(r.credits(), Pricing.taskCredits(pricing, r.kind(), actualQuantity));
        long rest = r.credits() - charged;
        return reservations.markCaptured(tx, r.taskId(), charged, settledQuantity(r, actualQuantity))
                .chain(() -> accounts.lock(tx, r.ownerId()))
                // Appended without a CreditsChanged: the balance did not move, so there is nothing to announce.
                .chain(account -> ledger.append(tx, LedgerEntry.captured(r.ownerId(), charged, account.balance(),
                        r.taskId().toString())))
                .chain(() -> rest > 0 ? giveBack(tx, r, rest, "Unused rest of the reservation") : Uni.createFrom().voidItem());
    }

    private static double settledQuantity(Reservation r, Double actualQuantity) {
        return actualQuantity == null ? r.quantity() : Math.min(r.quantity(), actualQuantity);
    }

    private Uni<Void> releaseOpen(SqlConnection tx, Reservation r, String reason) {
        return reservations.markReleased(tx, r.taskId())
                .chain(() -> r.credits() > 0 ? giveBack(tx, r, r.credits(), reason) : Uni.createFrom().voidItem());
    }

    private Uni<Void> giveBack(SqlConnection tx, Reservation r, long credits, String note) {
        return accounts.applyDelta(tx, r.ownerId(), credits)
                .chain(account -> append(tx, LedgerEntry.released(r.ownerId(), credits, account.balance(),
                        r.taskId().toString(), note)))
                .replaceWithVoid();
    }

    private Uni<LedgerEntry> append(SqlConnection tx, LedgerEntry entry) {
        return ledger.append(tx, entry).call(stored -> outbox.append(tx, stored.event()));
    }

    private Uni<CreditReservation> current(SqlConnection tx, UUID taskId) {
        return reservations.find(tx, taskId)
                .chain(r -> accounts.find(tx, r.ownerId()).map(a -> r.view(a.balance())));
    }
}
