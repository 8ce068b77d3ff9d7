package io.clipizy.gateway.service;

import io.clipizy.gateway.domain.Task;
import io.clipizy.gateway.execution.ExecutionConfig;
import io.clipizy.gateway.persistence.TaskRepository;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Group commit for tasks submitted over the API. A submission is written at once while fewer than
 * {@link TaskSubmitConfig#concurrentWrites()} statements run; the ones arriving meanwhile queue, and the next free
 * statement writes up to {@link TaskSubmitConfig#batchSize()} of them as one multi-row insert of tasks and events
 * (one round trip and one commit for all). No timer: a batch is whatever arrived while the database was busy, so a lone
 * request waits for nothing and a loaded gateway writes fewer, larger statements. Each submission is answered with its
 * own row (or null when its id already existed), and only after the statement holding it committed. When a batch
 * statement fails, its rows are written again one by one, so each request gets its own answer, and a bad row fails
 * only its own request. The Kafka consumer's path does not come here: it writes inside its inbox transaction.
 */
@ApplicationScoped
public class TaskSubmissions {
    @Inject
    TaskRepository tasks;

    @Inject
    Pool pool;

    @Inject
    ExecutionConfig execution;

    @Inject
    TaskSubmitConfig config;

    /** Submissions not yet in a statement, oldest first; guards the two fields below too. */
    private final ArrayDeque<Submission> waiting = new ArrayDeque<>();
    /** The task ids in statements now running: a repeat of one waits until it committed, so the first one wins. */
    private final Set<UUID> writingIds = new HashSet<>();
    private int writing;

    /**
     * Inserts the queued task with its outbox event ({@code event}, from {@code Outbox.values}, taken in the caller's
     * context for its trace); answers the task as stored, or null when a task with its id already exists.
     */
    public Uni<Task> insert(Task task, Object[] event) {
        return Uni.createFrom().emitter(emitter -> {
            List<Submission> batch;
            synchronized (waiting) {
                waiting.add(new Submission(task, event, emitter, Vertx.currentContext()));
                if (writing >= config.concurrentWrites()) {
                    return; // a statement in flight takes it when it ends
                }
                batch = take();
                if (batch.isEmpty()) {
                    return; // a repeat of a task id being written: taken when that statement ends
                }
                writing++;
            }
            write(batch);
        });
    }

    /**
     * The next batch: oldest first, at most batchSize, no task id twice nor one being written (such a repeat stays
     * for a later statement, which then finds the stored task). Called holding {@link #waiting}.
     */
    private List<Submission> take() {
        List<Submission> batch = new ArrayList<>(Math.min(waiting.size(), config.batchSize()));
        for (Iterator<Submission> it = waiting.iterator(); it.hasNext() && batch.size() < config.batchSize(); ) {
            Submission s = it.next();
            if (writingIds.add(s.task.id())) {
                batch.add(s);
                it.remove();
            }
        }
        return batch;
    }

    private void write(List<Submission> batch) {
        if (batch.size() == 1) {
            Submission s = batch.get(0);
            single(s).subscribe().with(stored -> {
                try {
                    s.answer(stored, null);
                } finally {
                    next(batch);
                }
            }, failure -> {
                try {
                    s.answer(null, failure);
                } finally {
                    next(batch);
                }
            });
            return;
        }
        List<Task> rows = new ArrayList<>(batch.size());
        List<Object[]> events = new ArrayList<>(batch.size());
        for (Submission s : batch) {
            rows.add(s.task);
            events.add(s.event);
        }
        // deferred: a value that cannot be encoded fails the statement (then each row on its own), never the slot
        Uni.createFrom().deferred(() -> tasks.insertAllWithEvents(pool, rows, execution.defaultTimeout(), events))
                .subscribe().with(stored -> {
                    try {
                        Map<UUID, Task> byId = new HashMap<>(stored.size() * 2);
                        stored.forEach(t -> byId.put(t.id(), t));
                        batch.forEach(s -> s.answer(byId.get(s.task.id()), null));
                    } finally {
                        next(batch);
                    }
                }, failure -> oneByOne(batch));
    }

    /** After a failed batch: each row in a statement of its own (concurrently, on the pool), each answered by its own. */
    private void oneByOne(List<Submission> batch) {
        List<Uni<Void>> each = new ArrayList<>(batch.size());
        for (Submission s : batch) {
            each.add(single(s)
                    .onItemOrFailure().invoke(s::answer)
                    .onFailure().recoverWithNull()
                    .replaceWithVoid());
        }
        Uni.join().all(each).andCollectFailures().subscribe().with(done -> next(batch), failure -> next(batch));
    }

    private Uni<Task> single(Submission s) {
        return Uni.createFrom().deferred(() -> tasks.insertWithEvent(pool, s.task, execution.defaultTimeout(), s.event));
    }

    /** The statement of {@code done} ended: its slot takes the submissions that queued meanwhile, or is given back. */
    private void next(List<Submission> done) {
        List<Submission> batch;
        synchronized (waiting) {
            done.forEach(s -> writingIds.remove(s.task.id()));
            batch = take();
            if (batch.isEmpty()) {
                writing--;
                return;
            }
        }
        write(batch);
    }

    /** One waiting request: its rows, and where to answer it. */
    private record Submission(Task task, Object[] event, UniEmitter<? super Task> emitter, Context context) {
        /** Answers on the request's own Vert.x context (the statement may have been sent from another event loop). */
        void answer(Task stored, Throwable failure) {
            if (context == null || context == Vertx.currentContext()) {
                deliver(stored, failure);
            } else {
                context.runOnContext(ignored -> deliver(stored, failure));
            }
        }

        private void deliver(Task stored, Throwable failure) {
            if (failure != null) {
                emitter.fail(failure);
            } else {
                emitter.complete(stored);
            }
        }
    }
}
