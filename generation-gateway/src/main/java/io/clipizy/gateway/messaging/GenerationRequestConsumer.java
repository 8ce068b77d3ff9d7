package io.clipizy.gateway.messaging;

import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.event.GenerationCommand;
import io.clipizy.contracts.event.GenerationRequested;
import io.clipizy.contracts.event.TaskCancelRequested;
import io.clipizy.gateway.domain.Task;
import io.clipizy.gateway.execution.TaskExecutor;
import io.clipizy.gateway.service.TaskService;
import io.clipizy.kit.inbox.IdempotentHandler;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code generation.requests}: a request queues its task, a cancel request cancels it. Each record is applied
 * once (inbox); an unreadable one goes to {@code generation.requests.dlq}. Once the change committed the executor is
 * told: a queued task is picked up, a cancelled one stops.
 */
@ApplicationScoped
public class GenerationRequestConsumer {
    static final String CONSUMER = "generation-gateway.generation-requests";

    @Inject
    IdempotentHandler handler;

    @Inject
    TaskService tasks;

    @Inject
    TaskExecutor executor;

    @Incoming("generation-requests")
    public Uni<Void> consume(String payload) {
        GenerationCommand command = JsonCodec.decode(payload, GenerationCommand.class);
        AtomicReference<Task> cancelled = new AtomicReference<>();
        return handler.handleOnce(CONSUMER, command, tx -> {
            cancelled.set(null);
            if (command instanceof GenerationRequested request) {
                return tasks.accept(tx, request);
            }
            TaskCancelRequested cancel = (TaskCancelRequested) command;
            return tasks.cancelInTransaction(tx, cancel.taskId(), cancel.ownerId(), cancel.reason())
                    .invoke(cancelled::set).replaceWithVoid();
        }).invoke(() -> {
            if (command instanceof GenerationRequested) {
                executor.wake();
            } else if (cancelled.get() != null) {
                executor.cancelled(cancelled.get().id());
            }
        }).replaceWithVoid();
    }
}
