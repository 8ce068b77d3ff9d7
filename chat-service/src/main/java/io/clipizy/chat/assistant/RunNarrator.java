package io.clipizy.chat.assistant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.clipizy.chat.service.ChatService;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.event.InputRequested;
import io.clipizy.contracts.event.RunCancelled;
import io.clipizy.contracts.event.RunFailed;
import io.clipizy.contracts.event.RunSucceeded;
import io.clipizy.contracts.event.WorkflowEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Tells the person, in the chat, what their run did: a step that needs them (with its actions), the finished result
 * with its media, a failure in plain words with a way to try again, a cancellation. Runs the assistant did not start
 * (no state for them) are left alone.
 */
@ApplicationScoped
public class RunNarrator {
    @Inject
    AssistantStateRepository states;

    @Inject
    ChatService chats;

    public Uni<Void> narrate(SqlConnection tx, WorkflowEvent event) {
        if (!(event instanceof InputRequested || event instanceof RunSucceeded || event instanceof RunFailed
                || event instanceof RunCancelled)) {
            return Uni.createFrom().voidItem();
        }
        return states.findByRun(tx, event.runId()).chain(state -> {
            if (state == null || !state.ownerId().equals(event.ownerId())) {
                return Uni.createFrom().voidItem();
            }
            if (event instanceof InputRequested asked) {
                Assistant.Reply reply = Assistant.awaiting(asked.prompt(), asked.spec());
                return states.save(tx, state.with("running", state.workflowId(), state.inputs(), null, state.runId(), asked.nodeId(),
                                asked.spec()))
                        .chain(() -> chats.postAssistant(tx, state.chatId(), state.ownerId(), reply.text(), reply.attachments(), reply.actions()))
                        .replaceWithVoid();
            }
            String text;
            List<UUID> attachments = new ArrayList<>();
            JsonNode actions = null;
            if (event instanceof RunSucceeded done) {
                collectMedia(done.output(), attachments);
                text = attachments.isEmpty() ? "Done! The run finished." : "Done! Here is your result.";
            } else if (event instanceof RunFailed failed) {
                text = "I'm sorry, it failed" + (failed.failedNodeId() == null ? "" : " at step " + failed.failedNodeId()) + ": "
                        + failed.error().message() + (failed.error().retryable() ? " This may work if we try again." : "");
                ArrayNode retry = JsonCodec.mapper().createArrayNode();
                retry.addObject().put("type", "button").put("name", "start").put("label", "Try again");
                actions = retry;
            } else {
                text = "The run was cancelled.";
            }
            String phase = event instanceof RunFailed ? "confirming" : "done";
            JsonNode finalActions = actions;
            return states.save(tx, state.with(phase, state.workflowId(), state.inputs(), null, state.runId(), null, null))
                    .chain(() -> chats.postAssistant(tx, state.chatId(), state.ownerId(), text, attachments, finalActions))
                    .replaceWithVoid();
        });
    }

    /** Media ids in a run's output: {@code mediaId} fields at any depth (a list of renders gives several). */
    private static void collectMedia(JsonNode output, List<UUID> into) {
        if (output == null) {
            return;
        }
        if (output.hasNonNull("mediaId")) {
            try {
                into.add(UUID.fromString(output.get("mediaId").asText()));
            } catch (IllegalArgumentException notAnId) {
                return;
            }
        }
        if (output.isArray()) {
            output.forEach(o -> collectMedia(o, into));
        }
    }
}
