package io.clipizy.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipizy.contracts.Samples.Sample;
import io.clipizy.contracts.event.BillingEvent;
import io.clipizy.contracts.event.ChatEvent;
import io.clipizy.contracts.event.ChatStatusChanged;
import io.clipizy.contracts.event.CreditsChanged;
import io.clipizy.contracts.event.GenerationCommand;
import io.clipizy.contracts.event.GenerationRequested;
import io.clipizy.contracts.event.MediaDeleted;
import io.clipizy.contracts.event.MediaEvent;
import io.clipizy.contracts.event.MediaKind;
import io.clipizy.contracts.event.MediaRole;
import io.clipizy.contracts.event.MediaStored;
import io.clipizy.contracts.event.Message;
import io.clipizy.contracts.event.MessageAdded;
import io.clipizy.contracts.event.MessageRole;
import io.clipizy.contracts.event.ProjectDeleted;
import io.clipizy.contracts.event.RunCancelled;
import io.clipizy.contracts.event.RunStarted;
import io.clipizy.contracts.event.TaskCancelRequested;
import io.clipizy.contracts.event.TaskEvent;
import io.clipizy.contracts.event.TaskKind;
import io.clipizy.contracts.event.TaskStatus;
import io.clipizy.contracts.event.WorkflowEvent;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Records decoded the way a consumer of a topic decodes them, and routed to the right topic and key (DESIGN §3). */
class TopicFamilyTest {
    /** What a consumer of each topic decodes to; task.events carries one record, so it decodes that record. */
    private static final Map<String, Class<?>> FAMILY_OF_TOPIC = Map.of(
            Topics.GENERATION_REQUESTS, GenerationCommand.class,
            Topics.TASK_EVENTS, TaskEvent.class,
            Topics.WORKFLOW_EVENTS, WorkflowEvent.class,
            Topics.CHAT_EVENTS, ChatEvent.class,
            Topics.MEDIA_EVENTS, MediaEvent.class,
            Topics.BILLING_EVENTS, BillingEvent.class);

    static Stream<Sample> messages() {
        return Samples.all().stream().filter(sample -> sample.value() instanceof Message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void decodesThroughItsTopicsFamilyAsItsOwnType(Sample sample) {
        Message message = (Message) sample.value();
        Class<?> family = FAMILY_OF_TOPIC.get(message.topic());
        assertTrue(family.isInstance(message), message.type() + " is published on " + message.topic()
                + " but is not a " + family.getSimpleName());

        Object decoded = JsonCodec.decode(JsonCodec.encode(message), family);

        assertInstanceOf(message.getClass(), decoded);
        assertEquals(message, decoded);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void isRefusedByTheFamiliesOfOtherTopics(Sample sample) {
        Message message = (Message) sample.value();
        String json = JsonCodec.encode(message);
        for (Map.Entry<String, Class<?>> other : FAMILY_OF_TOPIC.entrySet()) {
            if (other.getKey().equals(message.topic())) {
                continue;
            }
            ContractViolationException refused = assertThrows(ContractViolationException.class,
                    () -> JsonCodec.decode(json, other.getValue()),
                    message.type() + " decoded as " + other.getValue().getSimpleName());
            assertEquals("type", refused.field(), refused.getMessage());
        }
    }

    @Test
    void everyTopicOfTheSuiteHasAFamilyAndEveryRecordATopicOfTheSuite() {
        assertEquals(Set.copyOf(Topics.ALL), FAMILY_OF_TOPIC.keySet());
        messages().forEach(sample -> assertTrue(Topics.ALL.contains(((Message) sample.value()).topic())));
    }

    @Test
    void generationCommandsGoToGenerationRequestsKeyedByTask() {
        GenerationRequested requested = GenerationRequested.of(Samples.OWNER, Samples.PROJECT, Samples.CHAT,
                Samples.RUN, "music", null, Samples.TASK, TaskKind.MUSIC_GENERATION, null, null, null, 1);
        TaskCancelRequested cancel = TaskCancelRequested.of(Samples.OWNER, Samples.TASK, Samples.RUN, null);

        assertRouted(requested, "generation.requests", Samples.TASK.toString());
        assertRouted(cancel, "generation.requests", Samples.TASK.toString());
    }

    @Test
    void taskEventsGoToTaskEventsKeyedByTask() {
        TaskEvent event = TaskEvent.of(new TaskEvent.Correlation(Samples.OWNER, Samples.PROJECT, Samples.CHAT,
                        Samples.RUN, "music", null), Samples.TASK, TaskKind.MUSIC_GENERATION, "suno",
                TaskStatus.RUNNING, 0.25, "composing", 1, List.of(), null, null);

        assertRouted(event, "task.events", Samples.TASK.toString());
    }

    @Test
    void workflowEventsGoToWorkflowEventsKeyedByRun() {
        assertRouted(RunStarted.of(Samples.OWNER, Samples.PROJECT, Samples.CHAT, Samples.RUN, "music-video", 1, null),
                "workflow.events", Samples.RUN.toString());
        assertRouted(RunCancelled.of(Samples.OWNER, null, null, Samples.RUN, "user"),
                "workflow.events", Samples.RUN.toString());
    }

    @Test
    void chatEventsGoToChatEventsKeyedByChatOrByProjectForProjectWideEvents() {
        assertRouted(MessageAdded.of(Samples.OWNER, Samples.PROJECT, Samples.CHAT, Samples.MESSAGE, MessageRole.USER,
                "make it darker", null, null), "chat.events", Samples.CHAT.toString());
        assertRouted(ChatStatusChanged.of(Samples.OWNER, Samples.PROJECT, Samples.CHAT, "RUNNING", Samples.RUN),
                "chat.events", Samples.CHAT.toString());
        assertRouted(ProjectDeleted.of(Samples.OWNER, Samples.PROJECT), "chat.events", Samples.PROJECT.toString());
    }

    @Test
    void mediaEventsGoToMediaEventsKeyedByAsset() {
        assertRouted(MediaStored.of(Samples.OWNER, Samples.PROJECT, Samples.ASSET, MediaKind.IMAGE, MediaRole.FINAL,
                "image/png", 2048, Samples.SHA256, null, 512, 512, null), "media.events", Samples.ASSET.toString());
        assertRouted(MediaDeleted.of(Samples.OWNER, Samples.PROJECT, Samples.ASSET), "media.events",
                Samples.ASSET.toString());
    }

    @Test
    void billingEventsGoToBillingEventsKeyedByUser() {
        assertRouted(CreditsChanged.of(Samples.OWNER, 100, 100, "grant", null), "billing.events", Samples.OWNER);
    }

    @Test
    void deadLetterTopicsAreNamedAfterTheirTopic() {
        assertEquals("task.events.dlq", Topics.deadLetter(Topics.TASK_EVENTS));
    }

    private static void assertRouted(Message message, String topic, String key) {
        assertEquals(topic, message.topic(), message.type() + " topic");
        assertEquals(key, message.key(), message.type() + " key");
        assertEquals(message.getClass().getSimpleName(), message.type());
        assertEquals(1, message.schemaVersion());
    }
}
