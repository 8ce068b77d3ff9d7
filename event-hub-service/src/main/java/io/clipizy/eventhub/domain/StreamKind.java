package io.clipizy.eventhub.domain;

import java.util.Arrays;
import java.util.Optional;

/** What a stream follows: everything of one user, or one task, run, chat or project. */
public enum StreamKind {
    USER("user", null),
    TASK("task", "taskId"),
    RUN("run", "runId"),
    CHAT("chat", "chatId"),
    PROJECT("project", "projectId");

    private final String prefix;
    private final String idField;

    StreamKind(String prefix, String idField) {
        this.prefix = prefix;
        this.idField = idField;
    }

    /** The prefix of the stream key, e.g. {@code task} in {@code task:<id>}. */
    public String prefix() {
        return prefix;
    }

    /** The record field carrying the id of this kind's streams; null for user streams (routed by owner). */
    public String idField() {
        return idField;
    }

    public static Optional<StreamKind> forPrefix(String prefix) {
        return Arrays.stream(values()).filter(k -> k.prefix.equals(prefix)).findFirst();
    }
}
