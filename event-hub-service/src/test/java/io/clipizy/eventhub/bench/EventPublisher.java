package io.clipizy.eventhub.bench;

import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.Topics;
import io.clipizy.contracts.event.TaskEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes TaskEvents to {@code task.events} at a steady rate, round-robin over the clients' chats, keyed by task id as
 * the contract says (one task per chat, so each chat's events stay in one partition, in order). Each event carries
 * its publish time ({@code System.nanoTime()} of this JVM, which also receives it) and its step in {@code message},
 * and a per-chat sequence number in {@code sequence}.
 */
final class EventPublisher implements AutoCloseable {
    private final KafkaProducer<String, String> producer;
    private final List<ClientFleet.Client> chats;
    private final int[] sequences;
    private int next;

    EventPublisher(String bootstrapServers, List<ClientFleet.Client> chats) {
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.CLIENT_ID_CONFIG, "p6-publisher"),
                new StringSerializer(), new StringSerializer());
        this.chats = chats;
        this.sequences = new int[chats.size()];
        // The events must be valid TaskEvents: the Quarkus hub dead-letters anything else.
        JsonCodec.decode(json(chats.get(0), 0, 0, System.nanoTime()), TaskEvent.class);
    }

    /** One event for the chat: sequence 0 and step -1 for a seed, the chat's next sequence otherwise. */
    void publish(ClientFleet.Client chat, int step) {
        long sequence = step < 0 ? 0 : ++sequences[chat.index];
        String value = json(chat, sequence, step, System.nanoTime());
        producer.send(new ProducerRecord<>(Topics.TASK_EVENTS, chat.task.toString(), value));
    }

    /** Publishes for {@code seconds} at {@code rate} events/s (or until {@code stop} says so) into the step. */
    void paced(ClientFleet.Step step, int stepIndex, double rate, double seconds, BooleanSupplier stop) {
        long start = System.nanoTime();
        long length = (long) (seconds * 1e9);
        long sent = 0;
        step.firstPublishNanos = start;
        while (true) {
            long elapsed = System.nanoTime() - start;
            if (elapsed >= length) {
                break;
            }
            long due = (long) (rate * elapsed / 1e9);
            while (sent < due) {
                publish(chats.get(next), stepIndex);
                next = (next + 1) % chats.size();
                sent++;
                step.published = sent;
            }
            if (stop.getAsBoolean()) {
                step.aborted = true;
                break;
            }
            LockSupport.parkNanos(200_000);
        }
        step.lastPublishNanos = System.nanoTime();
        producer.flush();
    }

    /** One event for every chat, as fast as the producer takes them. */
    void burst(ClientFleet.Step step, int stepIndex) {
        step.firstPublishNanos = System.nanoTime();
        long sent = 0;
        for (ClientFleet.Client chat : chats) {
            publish(chat, stepIndex);
            step.published = ++sent;
        }
        step.lastPublishNanos = System.nanoTime();
        producer.flush();
    }

    void flush() {
        producer.flush();
    }

    private static String json(ClientFleet.Client chat, long sequence, int step, long publishedNanos) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        UUID eventId = new UUID((random.nextLong() & ~0xF000L) | 0x4000L,
                (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L);
        return "{\"eventId\":\"" + eventId + "\",\"type\":\"TaskEvent\",\"schemaVersion\":1,\"occurredAt\":\""
                + Instant.now() + "\",\"ownerId\":\"" + chat.owner + "\",\"projectId\":null,\"chatId\":\"" + chat.chat
                + "\",\"runId\":null,\"nodeId\":null,\"itemIndex\":null,\"taskId\":\"" + chat.task
                + "\",\"kind\":\"video_generation\",\"provider\":\"local\",\"status\":\"RUNNING\",\"progress\":0.5,"
                + "\"message\":\"t=" + publishedNanos + ";s=" + step + "\",\"sequence\":" + sequence
                + ",\"outputs\":[],\"result\":null,\"error\":null}";
    }

    @Override
    public void close() {
        producer.close();
    }
}
