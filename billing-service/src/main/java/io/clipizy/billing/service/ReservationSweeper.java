package io.clipizy.billing.service;

import io.clipizy.billing.config.BillingConfig;
import io.clipizy.kit.outbox.UnitOfWork;
import io.clipizy.billing.persistence.ReservationRepository;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Gives back the credits of tasks that went silent: a reservation whose task sent no event for
 * {@code clipizy.billing.reservations.silence-timeout} is released, so a lost task never keeps a user's credits.
 */
@ApplicationScoped
public class ReservationSweeper {
    private static final Logger LOG = Logger.getLogger(ReservationSweeper.class);

    @Inject
    ReservationRepository reservations;

    @Inject
    ReservationService service;

    @Inject
    UnitOfWork unitOfWork;

    @Inject
    BillingConfig config;

    @Scheduled(every = "{clipizy.billing.reservations.sweep-every}", delayed = "{clipizy.billing.reservations.sweep-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> sweep() {
        BillingConfig.Reservations settings = config.reservations();
        return unitOfWork.read(c -> reservations.silentSince(c, settings.silenceTimeout(), settings.sweepBatch()))
                .onItem().transformToMulti(ids -> Multi.createFrom().iterable(ids))
                // One at a time, each in its own transaction: a task that woke up meanwhile is re-checked under lock.
                .onItem().transformToUniAndConcatenate(taskId -> service.releaseSilent(taskId)
                        .invoke(released -> {
                            if (released) {
                                LOG.infof("task %s went silent; its reservation was released", taskId);
                            }
                        }))
                .collect().last()
                .replaceWithVoid()
                .onFailure().invoke(failure -> LOG.warnf("sweeping silent reservations failed: %s", failure.toString()))
                .onFailure().recoverWithNull();
    }
}
