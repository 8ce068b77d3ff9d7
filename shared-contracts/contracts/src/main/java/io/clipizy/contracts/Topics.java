package io.clipizy.contracts;

import java.util.List;

/** The Kafka topic names of the suite, and how their dead-letter topics are named. */
public final class Topics {
    public static final String GENERATION_REQUESTS = "generation.requests";
    public static final String TASK_EVENTS = "task.events";
    public static final String WORKFLOW_EVENTS = "workflow.events";
    public static final String CHAT_EVENTS = "chat.events";
    public static final String MEDIA_EVENTS = "media.events";
    public static final String BILLING_EVENTS = "billing.events";

    /** Every topic the suite uses, dead-letter topics excluded. */
    public static final List<String> ALL = List.of(
            GENERATION_REQUESTS, TASK_EVENTS, WORKFLOW_EVENTS, CHAT_EVENTS, MEDIA_EVENTS, BILLING_EVENTS);

    private Topics() {
    }

    /** The dead-letter topic of a topic: poison records land there with the failure reason. */
    public static String deadLetter(String topic) {
        return topic + ".dlq";
    }
}
