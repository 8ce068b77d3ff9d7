package io.clipizy.billing.service;

import io.clipizy.billing.persistence.TaskUsageRepository;
import io.clipizy.contracts.event.TaskEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Keeps the usage record of every task current from its events. */
@ApplicationScoped
public class TaskUsageService {
    @Inject
    TaskUsageRepository usage;

    /** Records the task's state in the caller's transaction; an event older than the stored state changes nothing. */
    public Uni<Void> record(SqlConnection tx, TaskEvent event) {
        return usage.recordIfNewer(tx, event).replaceWithVoid();
    }
}
