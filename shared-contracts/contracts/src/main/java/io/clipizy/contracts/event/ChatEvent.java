package io.clipizy.contracts.event;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.clipizy.contracts.Topics;

/** Events of projects and chats, keyed by chat id (project id for project-wide events). */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXISTING_PROPERTY, property = "type", visible = true)
@JsonSubTypes({
        @JsonSubTypes.Type(value = MessageAdded.class, name = "MessageAdded"),
        @JsonSubTypes.Type(value = ChatStatusChanged.class, name = "ChatStatusChanged"),
        @JsonSubTypes.Type(value = ProjectDeleted.class, name = "ProjectDeleted")
})
public sealed interface ChatEvent extends Message permits MessageAdded, ChatStatusChanged, ProjectDeleted {
    @Override
    default String topic() {
        return Topics.CHAT_EVENTS;
    }
}
