package io.clipizy.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.Topics;
import io.clipizy.contracts.event.ErrorCode;
import io.clipizy.contracts.event.ErrorInfo;
import io.clipizy.contracts.event.GenerationCommand;
import io.clipizy.contracts.event.GenerationRequested;
import io.clipizy.contracts.event.TaskEvent;
import io.clipizy.contracts.event.TaskKind;
import io.clipizy.contracts.event.TaskStatus;
import io.clipizy.testing.KafkaResource;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The generation gateway's LLM as chat-service meets it: consumes {@code generation.requests} from the real broker and
 * answers each {@code text_generation} task on {@code task.events} as the gateway does — RUNNING, then SUCCEEDED with
 * {@code {"text", "json", "provider", "model"}} or FAILED with a typed error — from answers scripted per chat. A
 * duplicate request (same task id) is a no-op, as at the gateway. Every request and every event it sent is recorded.
 */
public final class FakeLlm implements AutoCloseable {
    /** One scripted answer: the model's text and the parsed JSON the gateway adds (null when it has none), or a failure. */
    public record Answer(String text, JsonNode json, ErrorInfo failure, boolean silent) {
        /** A well-formed answer: the gateway passes the parsed object as {@code json}. */
        public static Answer json(String json) {
            return new Answer(json, JsonCodec.decode(json, JsonNode.class), null, false);
        }

        /** Prose the gateway could not parse: {@code text} only. */
        public static Answer prose(String text) {
            return new Answer(text, null, null, false);
        }

        public static Answer failure(ErrorCode code, String message) {
            return new Answer(null, null, new ErrorInfo(code, message, true), false);
        }

        /** No answer at all (the provider hangs). */
        public static Answer silence() {
            return new Answer(null, null, null, true);
        }
    }

    private final Map<UUID, Deque<Answer>> scripts = new ConcurrentHashMap<>();
    private final Set<UUID> seen = ConcurrentHashMap.newKeySet();
    final List<GenerationRequested> requests = new CopyOnWriteArrayList<>();
    final List<String> cancels = new CopyOnWriteArrayList<>();
    final List<String> sent = new CopyOnWriteArrayList<>();
    private final KafkaConsumer<String, String> consumer;
    private final KafkaProducer<String, String> producer;
    private final Thread loop;
    private volatile boolean running = true;

    public FakeLlm() {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaResource.bootstrapServers());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "fake-llm-" + UUID.randomUUID());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumer = new KafkaConsumer<>(c);
        consumer.subscribe(List.of(Topics.GENERATION_REQUESTS));
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaResource.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(p);
        loop = new Thread(this::serve, "fake-llm");
        loop.setDaemon(true);
        loop.start();
    }

    /** The answers, in order, to the LLM tasks of this chat. */
    public void script(String chatId, Answer... answers) {
        scripts.put(UUID.fromString(chatId), new ArrayDeque<>(List.of(answers)));
    }

    /** The requests made for a chat so far, in order. */
    public List<GenerationRequested> requestsOf(String chatId) {
        return requests.stream().filter(r -> chatId.equals(String.valueOf(r.chatId()))).toList();
    }

    /** Publishes a task event again, as a redelivery would. */
    public void resend(String payload) {
        TaskEvent event = JsonCodec.decode(payload, TaskEvent.class);
        publish(event.taskId().toString(), payload);
    }

    private void serve() {
        try {
            while (running) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                    GenerationCommand command = JsonCodec.decode(r.value(), GenerationCommand.class);
                    if (command instanceof GenerationRequested request && request.kind() == TaskKind.TEXT_GENERATION
                            && request.chatId() != null && seen.add(request.taskId())) {
                        requests.add(request);
                        answer(request);
                    } else if (!(command instanceof GenerationRequested)) {
                        cancels.add(r.value());
                    }
                }
            }
        } catch (WakeupException stopping) {
            return;
        }
    }

    private void answer(GenerationRequested request) {
        Deque<Answer> script = scripts.get(request.chatId());
        Answer answer = script == null ? null : script.poll();
        if (answer == null || answer.silent()) {
            return;
        }
        TaskEvent.Correlation correlation = new TaskEvent.Correlation(request.ownerId(), request.projectId(), request.chatId(),
                request.runId(), request.nodeId(), request.itemIndex());
        send(TaskEvent.of(correlation, request.taskId(), TaskKind.TEXT_GENERATION, "ollama", TaskStatus.RUNNING, 0.1,
                "Generating text", 1, List.of(), null, null));
        if (answer.failure() != null) {
            send(TaskEvent.of(correlation, request.taskId(), TaskKind.TEXT_GENERATION, "ollama", TaskStatus.FAILED, 0.1,
                    answer.failure().message(), 2, List.of(), null, answer.failure()));
            return;
        }
        ObjectNode result = JsonCodec.mapper().createObjectNode().put("text", answer.text());
        if (answer.json() != null) {
            result.set("json", answer.json());
        }
        result.put("provider", "ollama").put("model", "fake-llm");
        send(TaskEvent.of(correlation, request.taskId(), TaskKind.TEXT_GENERATION, "ollama", TaskStatus.SUCCEEDED, 1.0,
                "Done", 2, List.of(), result, null));
    }

    private void send(TaskEvent event) {
        String payload = JsonCodec.encode(event);
        sent.add(payload);
        publish(event.taskId().toString(), payload);
    }

    private void publish(String key, String payload) {
        try {
            producer.send(new ProducerRecord<>(Topics.TASK_EVENTS, key, payload)).get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish to task.events", e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        loop.join(5000);
        consumer.close(Duration.ofSeconds(5));
        producer.close(Duration.ofSeconds(5));
    }
}
