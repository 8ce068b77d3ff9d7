package io.clipizy.kit.inbox;

import io.clipizy.contracts.ContractViolationException;
import io.clipizy.contracts.event.Message;
import io.clipizy.kit.outbox.UnitOfWork;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Applies a consumed record's effect at most once: the inbox row and the effect (and any outbox records the effect
 * appends) commit in one transaction. Transient failures are retried with backoff; a record that breaks its contract
 * fails at once so the channel's dead-letter strategy takes it off the topic.
 */
@ApplicationScoped
public class IdempotentHandler {
    private static final Logger LOG = Logger.getLogger(IdempotentHandler.class);

    @Inject
    UnitOfWork unitOfWork;

    @Inject
    Inbox inbox;

    /** Answers true when the effect was applied, false when the record was a redelivery. */
    public Uni<Boolean> handleOnce(String consumer, Message record, Function<SqlConnection, Uni<Void>> effect) {
        return retried(consumer, record, unitOfWork.run(tx -> inbox.firstDelivery(tx, consumer, record.eventId())
                .call(first -> first ? effect.apply(tx) : Uni.createFrom().voidItem())));
    }

    /**
     * Applies an effect that is harmless to repeat — every statement in it conditional on what is stored (a sequence
     * check, an upsert that only moves forward), none appending to the outbox — without the inbox row and without a
     * transaction: each statement commits on its own, so a redelivery, or a crash between two of them, leaves the same
     * state as one delivery. For the frequent records that only move something along (a task's progress), this saves
     * the transaction's round trips and the inbox write; the same retries and dead-lettering as {@link #handleOnce}.
     */
    public Uni<Void> handleRepeatable(String consumer, Message record, Function<SqlConnection, Uni<Void>> effect) {
        return retried(consumer, record, unitOfWork.read(effect));
    }

    /**
     * As {@link #handleRepeatable}, in one transaction, for a repeatable effect whose statements must commit together
     * (an update and the outbox record announcing it, the update conditional so that a redelivery appends nothing).
     */
    public Uni<Void> handleRepeatableAtomically(String consumer, Message record, Function<SqlConnection, Uni<Void>> effect) {
        return retried(consumer, record, unitOfWork.run(effect));
    }

    private <T> Uni<T> retried(String consumer, Message record, Uni<T> work) {
        return work
                .onFailure(failure -> !(failure instanceof ContractViolationException))
                .invoke(failure -> LOG.warnf("%s: applying %s %s failed, retrying: %s", consumer, record.type(),
                        record.eventId(), failure.toString()))
                .onFailure(failure -> !(failure instanceof ContractViolationException))
                .retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(8);
    }
}
