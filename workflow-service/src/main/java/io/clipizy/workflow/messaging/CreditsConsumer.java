package io.clipizy.workflow.messaging;

import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.event.BillingEvent;
import io.clipizy.contracts.event.CreditsChanged;
import io.clipizy.kit.inbox.IdempotentHandler;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code billing.events}: a reservation for one of a run's tasks adds to the run's actual credits and a
 * release takes back what was not used, so {@code actualCredits} is what the run really cost. Applied once per event.
 */
@ApplicationScoped
public class CreditsConsumer {
    static final String CONSUMER = "workflow-service.billing-events";
    private static final Set<String> TASK_MOVES = Set.of("reserved", "released");

    @Inject
    IdempotentHandler handler;

    @Incoming("billing-events")
    public Uni<Void> consume(String payload) {
        BillingEvent event = JsonCodec.decode(payload, BillingEvent.class);
        if (!(event instanceof CreditsChanged change) || !TASK_MOVES.contains(change.reason()) || change.reference() == null) {
            return Uni.createFrom().voidItem();
        }
        UUID taskId;
        try {
            taskId = UUID.fromString(change.reference());
        } catch (IllegalArgumentException notATask) {
            return Uni.createFrom().voidItem();
        }
        return handler.handleOnce(CONSUMER, change, tx -> tx.preparedQuery("UPDATE workflow_run r SET actual_credits = "
                        + "COALESCE(r.actual_credits, 0) - $3, updated_at = now() FROM node_execution n "
                        + "WHERE n.task_id = $1 AND r.id = n.run_id AND r.owner_id = $2")
                .execute(Tuple.of(taskId, change.ownerId(), change.delta())).replaceWithVoid()).replaceWithVoid();
    }
}
