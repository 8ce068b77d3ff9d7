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
        return unitOfWork.run(tx -> inbox.firstDelivery(tx, consumer, record.eventId())
                        .call(first -> first ? effect.apply(tx) : Uni.createFrom().voidItem()))
                .onFailure(failure -> !(failure instanceof ContractViolationException))
                .invoke(failure -> LOG.warnf("%s: applying %s %s failed, retrying: %s", consumer, record.type(),
                        record.eventId(), failure.toString()))
                .onFailure(failure -> !(failure instanceof ContractViolationException))
                .retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(8);
    }
}
