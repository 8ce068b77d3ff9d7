package io.clipizy.chat.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipizy.chat.assistant.AssistantState;
import io.clipizy.chat.assistant.AssistantStateRepository;
import io.clipizy.chat.domain.Chat;
import io.clipizy.chat.domain.ChatMessage;
import io.clipizy.chat.persistence.ChatRepository;
import io.clipizy.chat.persistence.MessageRepository;
import io.clipizy.chat.persistence.ProjectRepository;
import io.clipizy.contracts.event.ChatStatusChanged;
import io.clipizy.contracts.event.MessageAdded;
import io.clipizy.contracts.event.MessageRole;
import io.clipizy.kit.outbox.Outbox;
import io.clipizy.kit.outbox.OutboxRelay;
import io.clipizy.kit.outbox.UnitOfWork;
import io.clipizy.kit.web.Page;
import io.clipizy.kit.web.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Chats and their messages; every posted message is announced (MessageAdded) with it, in one transaction. */
@ApplicationScoped
public class ChatService {
    @Inject
    ProjectRepository projects;

    @Inject
    ChatRepository chats;

    @Inject
    MessageRepository messages;

    @Inject
    UnitOfWork unitOfWork;

    @Inject
    Outbox outbox;

    @Inject
    Pool pool;

    @Inject
    OutboxRelay relay;

    /**
     * The result of posting: the message, whether this call created it (false for an idempotent repeat), and what the
     * post read of the chat, its project and the assistant's state (for the assistant's answer).
     */
    public record Posted(ChatMessage message, boolean created, ChatRepository.Posting context) {
    }

    public Uni<Chat> create(String ownerId, UUID projectId, String title) {
        return unitOfWork.run(tx -> projects.find(tx, projectId, ownerId).chain(p -> {
            if (p == null) {
                throw ProblemException.notFound("Project");
            }
            Chat chat = new Chat(UUID.randomUUID(), projectId, ownerId, title == null ? p.name() : title, "idle", null,
                    Instant.now(), Instant.now());
            return chats.insert(tx, chat);
        }));
    }

    public Uni<Chat> get(String ownerId, UUID chatId) {
        return unitOfWork.read(c -> chats.find(c, chatId, ownerId)).map(ChatService::found);
    }

    public Uni<List<Chat>> forProject(String ownerId, UUID projectId) {
        return unitOfWork.read(c -> projects.find(c, projectId, ownerId).chain(p -> {
            if (p == null) {
                throw ProblemException.notFound("Project");
            }
            return chats.listForProject(c, projectId, ownerId);
        }));
    }

    /**
     * Posts the person's message; the same {@code clientMessageId} posted again answers the first message. Two round
     * trips: one read (the chat, owner checked, its project, the assistant's state and an earlier message with the same
     * client message id) and one statement that inserts the message and its MessageAdded together.
     */
    public Uni<Posted> post(String ownerId, UUID chatId, String text, List<UUID> attachments, String clientMessageId) {
        return chats.findForPosting(pool, chatId, ownerId, clientMessageId).chain(context -> {
            if (context == null) {
                throw ProblemException.notFound("Chat");
            }
            if (context.existing() != null) {
                return Uni.createFrom().item(new Posted(context.existing(), false, context));
            }
            ChatMessage message = new ChatMessage(UUID.randomUUID(), chatId, ownerId, MessageRole.USER, text,
                    attachments == null ? List.of() : attachments, null, clientMessageId, Instant.now());
            return messages.insertAnnounced(pool, message, event(context.chat(), message), null)
                    .chain(stored -> {
                        if (stored != null) {
                            relay.nudge();
                            return Uni.createFrom().item(new Posted(stored, true, context));
                        }
                        // a repeat posted at the same moment, or the chat's project deleted since the read
                        return clientMessageId == null ? Uni.createFrom().failure(ProblemException.notFound("Chat"))
                                : messages.findByClientId(pool, chatId, clientMessageId).map(first -> {
                                    if (first == null) {
                                        throw ProblemException.notFound("Chat");
                                    }
                                    return new Posted(first, false, context);
                                });
                    });
        });
    }

    /**
     * Adds an assistant message to a chat whose project is known, with its MessageAdded and, when {@code state} is not
     * null, the assistant's new state, all in one statement (one round trip, one transaction). Nothing is added when
     * the chat is gone (its project deleted); the state is saved all the same, as {@link #postAssistant} after a save.
     */
    public Uni<Void> postAssistant(Chat chat, AssistantState state, String text, List<UUID> attachments, JsonNode actions) {
        ChatMessage message = new ChatMessage(UUID.randomUUID(), chat.id(), chat.ownerId(), MessageRole.ASSISTANT, text,
                attachments == null ? List.of() : attachments, actions, null, Instant.now());
        return (state == null
                ? messages.insertAnnounced(pool, message, event(chat, message), null)
                : messages.insertAnnounced(pool, message, event(chat, message), AssistantStateRepository.SAVE_CTE,
                        AssistantStateRepository.saveArgs(state)))
                .invoke(relay::nudge).replaceWithVoid();
    }

    public Uni<Page<ChatMessage>> history(String ownerId, UUID chatId, int page, int size) {
        return unitOfWork.read(c -> chats.find(c, chatId, ownerId).map(ChatService::found)
                .chain(chat -> messages.page(c, chatId, page, size)));
    }

    /** Adds an assistant message (with its actions and attachments) to the chat and announces it, in the caller's transaction. */
    public Uni<ChatMessage> postAssistant(SqlConnection tx, UUID chatId, String ownerId, String text, List<UUID> attachments,
                                          com.fasterxml.jackson.databind.JsonNode actions) {
        return chats.find(tx, chatId, ownerId).chain(chat -> {
            if (chat == null) {
                return Uni.createFrom().nullItem();
            }
            ChatMessage message = new ChatMessage(UUID.randomUUID(), chatId, ownerId, MessageRole.ASSISTANT, text,
                    attachments == null ? List.of() : attachments, actions, null, Instant.now());
            return messages.insert(tx, message).call(stored -> announce(tx, chat, stored));
        });
    }

    /** Records a run's state on its chat (from workflow.events) and announces the change, in the caller's transaction. */
    public Uni<Void> applyRunStatus(SqlConnection tx, UUID chatId, String ownerId, UUID runId, String status, Instant at) {
        return chats.applyRunStatus(tx, chatId, ownerId, runId, status, at).chain(chat -> chat == null
                ? Uni.createFrom().voidItem()
                : outbox.append(tx, ChatStatusChanged.of(ownerId, chat.projectId(), chat.id(), status, runId)));
    }

    /**
     * Shows what the assistant itself is doing on the chat ({@code thinking} while the LLM reads a message, back to
     * {@code idle}) and announces it, in the caller's transaction; a run's status is left to {@link #applyRunStatus}.
     */
    public Uni<Void> setAssistantStatus(SqlConnection tx, UUID chatId, String ownerId, String status) {
        return chats.setStatus(tx, chatId, ownerId, status).chain(chat -> chat == null
                ? Uni.createFrom().voidItem()
                : outbox.append(tx, ChatStatusChanged.of(ownerId, chat.projectId(), chat.id(), status, chat.activeRunId())));
    }

    private Uni<Void> announce(SqlConnection tx, Chat chat, ChatMessage m) {
        return outbox.append(tx, event(chat, m));
    }

    private static MessageAdded event(Chat chat, ChatMessage m) {
        return MessageAdded.of(m.ownerId(), chat.projectId(), chat.id(), m.id(), m.role(), m.text(), m.attachments(), m.actions());
    }

    private static Chat found(Chat chat) {
        if (chat == null) {
            throw ProblemException.notFound("Chat");
        }
        return chat;
    }
}
