package io.clipizy.eventhub.messaging;

import io.clipizy.contracts.ContractViolationException;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.event.BillingEvent;
import io.clipizy.contracts.event.ChatEvent;
import io.clipizy.contracts.event.MediaEvent;
import io.clipizy.contracts.event.Message;
import io.clipizy.contracts.event.TaskEvent;
import io.clipizy.contracts.event.WorkflowEvent;
import io.clipizy.eventhub.domain.IncomingRecord;
import io.clipizy.eventhub.domain.StoredEvent;
import io.clipizy.eventhub.live.LiveFeed;
import io.clipizy.eventhub.service.ReplayService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes the five event topics into the replay store, one channel per topic so that each has its own
 * {@code <topic>.dlq}, in batches: whatever one poll returned is decoded, routed and stored in one transaction
 * ({@link ReplayService#storeBatch}), applied once per event id (inbox), then delivered to this instance's connections
 * straight from memory. A record that breaks its contract (unknown type, no owner) is dead-lettered on its own and the
 * rest of its batch is stored. A batch that cannot be stored after retries is stored record by record, so that only a
 * record that fails on its own is dead-lettered.
 */
@ApplicationScoped
public class EventRecordConsumer {
    static final String CONSUMER = "event-hub-service.replay";
    private static final Logger LOG = Logger.getLogger(EventRecordConsumer.class);

    @Inject
    ReplayService replay;

    @Inject
    LiveFeed feed;

    @Incoming("hub-task-events")
    public Uni<Void> taskEvents(KafkaRecordBatch<String, String> batch) {
        return consume(batch, TaskEvent.class);
    }

    @Incoming("hub-workflow-events")
    public Uni<Void> workflowEvents(KafkaRecordBatch<String, String> batch) {
        return consume(batch, WorkflowEvent.class);
    }

    @Incoming("hub-chat-events")
    public Uni<Void> chatEvents(KafkaRecordBatch<String, String> batch) {
        return consume(batch, ChatEvent.class);
    }

    @Incoming("hub-media-events")
    public Uni<Void> mediaEvents(KafkaRecordBatch<String, String> batch) {
        return consume(batch, MediaEvent.class);
    }

    @Incoming("hub-billing-events")
    public Uni<Void> billingEvents(KafkaRecordBatch<String, String> batch) {
        return consume(batch, BillingEvent.class);
    }

    private Uni<Void> consume(KafkaRecordBatch<String, String> batch, Class<? extends Message> family) {
        List<IncomingRecord> records = new ArrayList<>(batch.getRecords().size());
        List<KafkaRecord<String, String>> sources = new ArrayList<>(batch.getRecords().size());
        List<Uni<Void>> deadLettered = new ArrayList<>();
        for (KafkaRecord<String, String> source : batch.getRecords()) {
            try {
                records.add(IncomingRecord.of(JsonCodec.decode(source.getPayload(), family), source.getPayload()));
                sources.add(source);
            } catch (ContractViolationException | IllegalArgumentException | NullPointerException e) {
                // Nacking the one record hands it to the channel's dead-letter strategy; the batch goes on without it.
                deadLettered.add(Uni.createFrom().completionStage(() -> source.nack(e)).onFailure().recoverWithNull());
            }
        }
        Uni<Void> poisoned = deadLettered.isEmpty() ? Uni.createFrom().voidItem()
                : Uni.join().all(deadLettered).andCollectFailures().replaceWithVoid();
        return poisoned
                .chain(() -> retried(replay.storeBatch(records, CONSUMER)).invoke(feed::delivered).replaceWithVoid()
                        .onFailure().recoverWithUni(failure -> {
                            LOG.warnf("%s: storing a batch of %d failed, storing it record by record: %s", CONSUMER,
                                    records.size(), failure.toString());
                            return oneByOne(records, sources);
                        }))
                .chain(() -> Uni.createFrom().completionStage(batch::ack))
                .onFailure().invoke(failure -> LOG.errorf("%s: acknowledging a batch failed: %s", CONSUMER, failure))
                .onFailure().recoverWithNull();
    }

    /** The fallback after a batch failed: each record in its own transaction; one that still fails is dead-lettered. */
    private Uni<Void> oneByOne(List<IncomingRecord> records, List<KafkaRecord<String, String>> sources) {
        return Multi.createFrom().range(0, records.size())
                .onItem().transformToUniAndConcatenate(i -> retried(replay.storeBatch(List.of(records.get(i)), CONSUMER))
                        .invoke(feed::delivered).replaceWithVoid()
                        .onFailure().recoverWithUni(failure -> Uni.createFrom()
                                .completionStage(() -> sources.get(i).nack(failure)).onFailure().recoverWithNull()))
                .collect().last().replaceWithVoid();
    }

    /** Transient failures (a lost connection, a deadlock victim) are retried with backoff, as the inbox handler does. */
    private static Uni<List<StoredEvent>> retried(Uni<List<StoredEvent>> store) {
        return store.onFailure().invoke(failure -> LOG.warnf("%s: storing failed, retrying: %s", CONSUMER, failure.toString()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(8);
    }
}
