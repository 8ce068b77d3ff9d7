package io.clipizy.chat.assistant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.clipizy.chat.service.ChatService;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.event.InputRequested;
import io.clipizy.contracts.event.NodeSucceeded;
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
                || event instanceof RunCancelled || event instanceof NodeSucceeded)) {
            return Uni.createFrom().voidItem();
        }
        return states.findByRun(tx, event.runId()).chain(state -> {
            if (state == null || !state.ownerId().equals(event.ownerId())) {
                return Uni.createFrom().voidItem();
            }
            if (event instanceof NodeSucceeded step) {
                return milestone(tx, state, step);
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
                text = failure(failed);
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

    /**
     * A step of the run that the person would notice, in a sentence with its media (the song analysed, the scenes
     * planned, the images, clips or track made, the words written); bookkeeping steps and single items say nothing.
     */
    private Uni<Void> milestone(SqlConnection tx, AssistantState state, NodeSucceeded step) {
        if (step.itemIndex() != null || step.nodeType() == null) {
            return Uni.createFrom().voidItem();
        }
        JsonNode out = step.output() == null ? JsonCodec.mapper().nullNode() : step.output();
        List<UUID> media = new ArrayList<>();
        collectMedia(out, media);
        collectMedia(out.path("media"), media);
        String text;
        switch (step.nodeType()) {
            case "audio_analysis" -> {
                StringBuilder b = new StringBuilder("I've listened to the song");
                if (out.path("tempo").isNumber()) {
                    b.append(": about ").append(Math.round(out.get("tempo").asDouble())).append(" BPM");
                    if (out.path("sections").isArray() && out.get("sections").size() > 0) {
                        b.append(", ").append(out.get("sections").size()).append(" sections");
                    }
                }
                text = b.append('.').toString();
            }
            case "scene_plan" -> text = out.path("scenes").isArray()
                    ? "The scene plan is ready: " + out.get("scenes").size() + " scenes." : "The scene plan is ready.";
            case "text_generation" -> text = "I've written the " + step.nodeId().replace('_', ' ').replace('-', ' ') + ".";
            case "image_generation" -> text = media.size() == 1 ? "The image is ready." : "The images are ready.";
            case "video_generation" -> text = media.size() == 1 ? "The clip is ready." : "The clips are ready.";
            case "music_generation" -> text = "The track is ready.";
            default -> text = null;
        }
        if (text == null) {
            return Uni.createFrom().voidItem();
        }
        return chats.postAssistant(tx, state.chatId(), state.ownerId(), text, media.stream().distinct().toList(), null).replaceWithVoid();
    }

    /** A failure in plain words: where, why (the error's own message), and whether trying again may help. */
    static String failure(RunFailed failed) {
        String why = switch (failed.error().code()) {
            case INSUFFICIENT_CREDITS -> "there aren't enough credits left for it.";
            case MODERATION -> "the provider refused the content as it stands; rewording the description usually helps.";
            case TIMEOUT -> "it took longer than allowed.";
            case PROVIDER_UNAVAILABLE -> "the generation service is unavailable right now.";
            case INVALID_INPUT -> "something in the inputs couldn't be used.";
            default -> "something went wrong on our side.";
        };
        return "I'm sorry, it failed" + (failed.failedNodeId() == null ? "" : " at step \"" + failed.failedNodeId() + "\"") + ": "
                + why + " (" + failed.error().message() + ")"
                + (failed.error().retryable() ? " This may work if we try again." : "");
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
