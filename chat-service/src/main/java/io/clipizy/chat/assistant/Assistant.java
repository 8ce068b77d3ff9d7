package io.clipizy.chat.assistant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clipizy.chat.domain.Chat;
import io.clipizy.chat.domain.ChatMessage;
import io.clipizy.chat.domain.Project;
import io.clipizy.chat.service.ChatService;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.kit.outbox.UnitOfWork;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * The assistant's side of the conversation: it works out the workflow and its inputs from what the person says (and
 * attaches) — with the LLM when one is configured ({@link LlmIntents}), else with the deterministic parser — asks for each missing required field with its choices as actions, shows a summary and
 * starts the run when the person agrees; while the run goes, it maps replies to the step that waits (approve,
 * regenerate with the reply as feedback, choose), answers "how far along is it?" and accepts "cancel".
 */
@ApplicationScoped
public class Assistant {
    private static final Logger LOG = Logger.getLogger(Assistant.class);
    private static final Pattern NUMBER = Pattern.compile("(\\d+(?:\\.\\d+)?)");
    private static final List<String> DESCRIPTION_FIELDS = List.of("description", "prompt", "brief");

    @Inject
    @RestClient
    WorkflowClient workflows;

    @Inject
    WorkflowCatalogue catalogue;

    @Inject
    AssistantStateRepository states;

    @Inject
    ChatService chats;

    @Inject
    UnitOfWork unitOfWork;

    @Inject
    LlmIntents llm;

    @Inject
    Estimates estimates;

    /** What the assistant says back: text, actions (JSON array) and attachments. */
    record Reply(String text, JsonNode actions, List<UUID> attachments) {
        static Reply of(String text) {
            return new Reply(text, null, List.of());
        }
    }

    /**
     * Responds to the person's message, given the assistant's state in the chat as read with it (null before its first
     * answer); a failure of the workflow service becomes a message, never a lost post.
     */
    public Uni<Void> respond(String token, Project project, Chat chat, AssistantState known, ChatMessage message, JsonNode action) {
        String auth = "Bearer " + token;
        return Uni.createFrom().item(known).chain(state -> {
            IntentParser.Intent intent = IntentParser.parse(message.text(), project.type());
            if (state != null && "running".equals(state.phase())) {
                return whileRunning(auth, chat, state, intent, message, action);
            }
            if (state != null && "thinking".equals(state.phase())) {
                return save(chat, null, Reply.of("One moment, I'm still working out your previous message. Once I've answered it, "
                        + "tell me this again if it still applies."));
            }
            boolean fresh = state == null || "done".equals(state.phase());
            AssistantState current = fresh
                    ? new AssistantState(chat.id(), chat.ownerId(), "collecting", intent.workflowId(), JsonCodec.mapper().createObjectNode(),
                    null, null, null, null)
                    : state;
            if (fresh && llm.enabled() && action == null) {
                return llm.ask(auth, project, chat, current, null, message);
            }
            return catalogue.definition(auth, current.workflowId()).chain(definition -> {
                if (!fresh && llm.enabled() && action == null && "collecting".equals(current.phase()) && !understood(current, definition, message)) {
                    return llm.ask(auth, project, chat, current, current.phase(), message);
                }
                Decision decision = decide(current, fresh, definition, intent, null, message, action);
                return deliver(auth, project, chat, decision);
            });
        }).onFailure().recoverWithUni(e -> {
            LOG.warnf("The assistant could not answer in chat %s: %s", chat.id(), e.toString());
            return save(chat, null, Reply.of("I couldn't reach the workflow service just now, so I can't act on that yet. "
                    + "Please try again in a moment."));
        });
    }

    /** Whether the deterministic reading settles the message: nothing was asked, or the text answers the field asked for. */
    private static boolean understood(AssistantState state, JsonNode definition, ChatMessage message) {
        JsonNode spec = definition.path("inputs").get(state.pendingField() == null ? "" : state.pendingField());
        return spec == null || interpret(spec, message.text(), message.attachments()) != null;
    }

    /** What the assistant does next in the conversation: ask for a field, show the summary, or start the run. */
    record Decision(Step step, AssistantState state, JsonNode definition, String field) {
        enum Step { ASK, SUMMARY, START }
    }

    /**
     * Gathers the inputs a message gives: the LLM's reading ({@code guessed}, may be null) first, then what the
     * deterministic parser matched explicitly (it wins), the action or the answer to the pending field, attachments
     * into media fields still empty, and the message itself as the description of a new request.
     */
    Decision decide(AssistantState state, boolean first, JsonNode definition, IntentParser.Intent intent, IntentAnswer.Checked guessed,
                    ChatMessage message, JsonNode action) {
        JsonNode specs = definition.path("inputs");
        ObjectNode inputs = state.inputs().deepCopy();
        List<UUID> attachments = new ArrayList<>(message.attachments());
        if (guessed != null) {
            guessed.inputs().fields().forEachRemaining(f -> {
                if (specs.has(f.getKey())) {
                    inputs.set(f.getKey(), f.getValue());
                }
            });
            attachments.removeAll(IntentAnswer.placedMedia(guessed.inputs(), specs));
        }
        intent.inputs().forEach((field, value) -> {
            if (specs.has(field)) {
                inputs.set(field, JsonCodec.tree(value));
            }
        });
        boolean answered = false;
        if (action != null && action.hasNonNull("field") && specs.has(action.get("field").asText()) && action.has("value")) {
            inputs.set(action.get("field").asText(), action.get("value"));
            answered = true;
        } else if (state.pendingField() != null && specs.has(state.pendingField()) && !message.text().isBlank()) {
            JsonNode value = interpret(specs.get(state.pendingField()), message.text(), message.attachments());
            if (value != null) {
                inputs.set(state.pendingField(), value);
                answered = true;
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = specs.fields(); it.hasNext() && !attachments.isEmpty(); ) {
            Map.Entry<String, JsonNode> spec = it.next();
            String type = spec.getValue().path("type").asText();
            if (type.startsWith("media:") && !inputs.hasNonNull(spec.getKey())) {
                inputs.put(spec.getKey(), attachments.remove(0).toString());
            }
        }
        if (first && !answered) {
            for (String field : DESCRIPTION_FIELDS) {
                if (specs.has(field) && !inputs.hasNonNull(field) && message.text().strip().length() >= 12) {
                    inputs.put(field, message.text().strip());
                    break;
                }
            }
        }
        String workflowId = definition.path("id").asText(state.workflowId());
        String missing = firstMissing(specs, inputs);
        if (missing != null) {
            return new Decision(Decision.Step.ASK, state.with("collecting", workflowId, inputs, missing, null, null, null),
                    definition, missing);
        }
        boolean go = intent.start() || (action != null && "start".equals(action.path("name").asText()));
        AssistantState confirming = state.with("confirming", workflowId, inputs, null, null, null, null);
        return new Decision("confirming".equals(state.phase()) && go ? Decision.Step.START : Decision.Step.SUMMARY, confirming,
                definition, null);
    }

    /** Carries a decision out in the person's name: starts the run, or posts the question or the priced summary. */
    private Uni<Void> deliver(String auth, Project project, Chat chat, Decision decision) {
        if (decision.step() == Decision.Step.START) {
            return start(auth, project, chat, decision.state(), decision.definition());
        }
        return reply(auth, decision).chain(reply -> save(chat, decision.state(), reply));
    }

    /**
     * The assistant's words for a question or summary decision; a summary carries billing's credit estimate (asked
     * with the person's token; without one, or when billing cannot answer, the summary says so).
     */
    Uni<Reply> reply(String auth, Decision decision) {
        if (decision.step() == Decision.Step.ASK) {
            return Uni.createFrom().item(ask(decision.field(), decision.definition().path("inputs").get(decision.field()),
                    decision.definition()));
        }
        AssistantState s = decision.state();
        return estimates.estimate(auth, s.workflowId(), s.inputs()).map(estimate -> summary(decision.definition(), s.inputs(), estimate));
    }

    Uni<Void> start(String auth, Project project, Chat chat, AssistantState state, JsonNode definition) {
        ObjectNode body = JsonCodec.mapper().createObjectNode();
        body.put("workflowId", state.workflowId()).put("projectId", project.id().toString()).put("chatId", chat.id().toString());
        body.set("inputs", state.inputs());
        return workflows.start(auth, body)
                .chain(run -> save(chat, state.with("running", state.workflowId(), state.inputs(), null,
                        UUID.fromString(run.path("run").path("id").asText()), null, null),
                        Reply.of("On it: I've started \"" + definition.path("title").asText() + "\". I'll post each step here as it "
                                + "finishes; ask me \"how far along is it?\" any time, or say \"cancel\".")))
                .onFailure(WebApplicationException.class).recoverWithUni(e -> {
                    JsonNode problem = problemOf((WebApplicationException) e);
                    ObjectNode inputs = state.inputs().deepCopy();
                    String field = null;
                    for (JsonNode error : problem.path("errors")) {
                        String name = error.path("field").asText().replaceFirst("^inputs\\.", "").replaceAll("[\\[.].*$", "");
                        if (definition.path("inputs").has(name)) {
                            inputs.remove(name);
                            field = field == null ? name : field;
                        }
                    }
                    String detail = problem.path("detail").asText("the workflow service refused the inputs");
                    if (field == null) {
                        return save(chat, state, Reply.of("I couldn't start it: " + detail));
                    }
                    Reply ask = ask(field, definition.path("inputs").get(field), definition);
                    return save(chat, state.with("collecting", state.workflowId(), inputs, field, null, null, null),
                            new Reply("I couldn't start it: " + detail + ". " + ask.text(), ask.actions(), List.of()));
                });
    }

    private Uni<Void> whileRunning(String auth, Chat chat, AssistantState state, IntentParser.Intent intent, ChatMessage message,
                                   JsonNode action) {
        if (intent.cancel()) {
            return workflows.cancel(auth, state.runId()).chain(run -> save(chat,
                    state.with("done", state.workflowId(), state.inputs(), null, state.runId(), null, null),
                    Reply.of("Cancelled. Every step still running was stopped and its credits released.")));
        }
        if (state.awaitingNode() != null && !intent.progress()) {
            ObjectNode answer = JsonCodec.mapper().createObjectNode();
            String display = state.awaiting() == null ? "confirm" : state.awaiting().path("display").asText("confirm");
            String said;
            if (action != null && action.hasNonNull("answer")) {
                answer.put("action", action.get("answer").asText());
                if (action.has("value")) {
                    answer.set("value", action.get("value"));
                }
                said = "Got it.";
            } else if ("choose".equals(display)) {
                Matcher n = NUMBER.matcher(message.text());
                int index = n.find() ? Math.max(0, Integer.parseInt(n.group(1).split("\\.")[0]) - 1) : 0;
                answer.put("action", "choose").put("value", index);
                said = "Going with number " + (index + 1) + ".";
            } else if (intent.approve() || intent.start()) {
                answer.put("action", "approve");
                said = "Great, carrying on.";
            } else {
                answer.put("action", "regenerate").put("feedback", message.text().strip());
                said = "Regenerating with your notes: \"" + message.text().strip() + "\".";
            }
            return workflows.answer(auth, state.runId(), state.awaitingNode(), answer)
                    .chain(run -> save(chat, state.with("running", state.workflowId(), state.inputs(), null, state.runId(), null, null),
                            Reply.of(said)));
        }
        if (intent.progress()) {
            return workflows.run(auth, state.runId()).chain(run -> save(chat, null, Reply.of(progress(run))));
        }
        return save(chat, null, Reply.of("Your video is being made. Ask me \"how far along is it?\", or say \"cancel\" to stop it."));
    }

    /** A one-line account of where a run is: steps done, what runs now, what waits for the person. */
    static String progress(JsonNode run) {
        int done = 0;
        int total = 0;
        List<String> running = new ArrayList<>();
        String waiting = null;
        for (JsonNode node : run.path("nodes")) {
            if (node.hasNonNull("itemIndex")) {
                continue;
            }
            total++;
            String status = node.path("status").asText();
            if ("SUCCEEDED".equals(status) || "SKIPPED".equals(status)) {
                done++;
            } else if ("WAITING_INPUT".equals(status)) {
                waiting = node.path("nodeId").asText();
            } else if ("RUNNING".equals(status) || "PENDING".equals(status)) {
                running.add(node.path("nodeId").asText());
            }
        }
        String state = run.path("run").path("status").asText().toLowerCase(Locale.ROOT).replace('_', ' ');
        StringBuilder b = new StringBuilder("The run is ").append(state).append(": ").append(done).append(" step")
                .append(done == 1 ? "" : "s").append(" done so far");
        if (!running.isEmpty()) {
            b.append("; working on ").append(String.join(", ", running));
        }
        if (waiting != null) {
            b.append("; step ").append(waiting).append(" is waiting for your answer");
        }
        return b.append('.').toString();
    }

    /** The assistant's message for a step that waits for the person (from workflow.events). */
    static Reply awaiting(String prompt, JsonNode spec) {
        ArrayNode actions = JsonCodec.mapper().createArrayNode();
        String display = spec.path("display").asText("confirm");
        if ("choose".equals(display)) {
            ObjectNode choose = actions.addObject().put("type", "choose");
            choose.set("options", spec.path("candidates"));
            actions.addObject().put("type", "button").put("answer", "regenerate").put("label", "Make new ones");
        } else if ("ask".equals(display)) {
            actions.addObject().put("type", "input").set("field", spec.path("field"));
        } else {
            actions.addObject().put("type", "button").put("answer", "approve").put("label", "Looks good");
            actions.addObject().put("type", "button").put("answer", "regenerate").put("label", "Change it")
                    .put("feedback", true);
            actions.addObject().put("type", "edit").set("value", spec.path("show"));
        }
        return new Reply(prompt, actions, List.of());
    }

    static Reply ask(String field, JsonNode spec, JsonNode definition) {
        String label = spec.path("label").asText(field).toLowerCase(Locale.ROOT);
        String type = spec.path("type").asText();
        ArrayNode actions = JsonCodec.mapper().createArrayNode();
        ObjectNode action = actions.addObject().put("field", field);
        String question;
        if ("enum".equals(type)) {
            action.put("type", "select").set("options", spec.path("options"));
            question = "Which " + label + " would you like?";
        } else if (type.startsWith("media:")) {
            action.put("type", "file").put("accept", type.substring(6) + "/*");
            question = "Please attach the " + label + ".";
        } else if ("int".equals(type) || "number".equals(type)) {
            action.put("type", "number");
            action.set("min", spec.path("min"));
            action.set("max", spec.path("max"));
            question = "What " + label + " would you like" + range(spec) + "?";
        } else if ("boolean".equals(type)) {
            action.put("type", "select").set("options", JsonCodec.tree(List.of(true, false)));
            question = label.substring(0, 1).toUpperCase(Locale.ROOT) + label.substring(1) + "?";
        } else if (type.startsWith("list:")) {
            action.put("type", "multiselect").set("options", spec.path("options"));
            question = "Which " + label + "?";
        } else {
            action.put("type", "text");
            question = "Tell me the " + label + ".";
        }
        return new Reply(question + " (for \"" + definition.path("title").asText() + "\")", actions, List.of());
    }

    private static String range(JsonNode spec) {
        if (spec.hasNonNull("min") && spec.hasNonNull("max")) {
            return ", between " + number(spec.get("min")) + " and " + number(spec.get("max"));
        }
        return "";
    }

    /** A limit as a person writes it: 5, not 5.0. */
    private static String number(JsonNode value) {
        double d = value.asDouble();
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    static Reply summary(JsonNode definition, ObjectNode inputs, JsonNode estimate) {
        StringBuilder b = new StringBuilder("Here is what I'll make: ").append(definition.path("title").asText()).append(" with ");
        List<String> parts = new ArrayList<>();
        inputs.fields().forEachRemaining(f -> {
            JsonNode spec = definition.path("inputs").path(f.getKey());
            String label = spec.path("label").asText(f.getKey()).toLowerCase(Locale.ROOT);
            parts.add(label + " " + shown(spec.path("type").asText(""), f.getValue()));
        });
        b.append(String.join(", ", parts)).append(". ");
        ArrayNode actions = JsonCodec.mapper().createArrayNode();
        ObjectNode start = actions.addObject().put("type", "button").put("name", "start").put("label", "Start");
        if (estimate != null && estimate.hasNonNull("credits")) {
            long credits = estimate.get("credits").asLong();
            b.append("It will cost about ").append(credits).append(credits == 1 ? " credit" : " credits");
            if (estimate.hasNonNull("usd")) {
                b.append(" ($").append(estimate.get("usd").decimalValue().setScale(2, java.math.RoundingMode.HALF_UP).toPlainString()).append(')');
            }
            b.append(". Shall I start?");
            start.put("label", "Start (" + credits + (credits == 1 ? " credit)" : " credits)")).put("credits", credits);
        } else {
            b.append("I couldn't get the credit estimate just now; your balance is only charged for work that is done. Shall I start?");
        }
        actions.addObject().put("type", "button").put("name", "change").put("label", "Change something");
        return new Reply(b.toString(), actions, List.of());
    }

    /** An input's value as a person reads it: attached media by what it is, not by its id; long text shortened. */
    static String shown(String type, JsonNode value) {
        if (type.startsWith("media:")) {
            return "(the " + type.substring("media:".length()) + " you attached)";
        }
        if (type.startsWith("list:media:") && value.isArray()) {
            String kind = type.substring("list:media:".length());
            return "(" + value.size() + " " + kind + (value.size() == 1 ? "" : "s") + " you attached)";
        }
        String text = value.isTextual() ? value.asText() : value.toString();
        return text.length() > 60 ? text.substring(0, 57) + "..." : text;
    }

    /** The first required input with no value and no default, in the workflow's order. */
    static String firstMissing(JsonNode specs, JsonNode inputs) {
        for (Iterator<Map.Entry<String, JsonNode>> it = specs.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> spec = it.next();
            if (spec.getValue().path("required").asBoolean() && !spec.getValue().hasNonNull("default")
                    && !inputs.hasNonNull(spec.getKey())) {
                return spec.getKey();
            }
        }
        return null;
    }

    /** A free-text answer to the field the assistant asked for; null when the text does not fit the field. */
    static JsonNode interpret(JsonNode spec, String text, List<UUID> attachments) {
        String type = spec.path("type").asText();
        String t = text.strip();
        if ("enum".equals(type)) {
            for (JsonNode option : spec.path("options")) {
                if (t.toLowerCase(Locale.ROOT).contains(option.asText().toLowerCase(Locale.ROOT))) {
                    return option;
                }
            }
            return null;
        }
        if ("int".equals(type) || "number".equals(type)) {
            Double seconds = IntentParser.seconds(t.toLowerCase(Locale.ROOT));
            if (seconds != null) {
                return JsonCodec.tree("int".equals(type) ? (Object) (int) Math.round(seconds) : seconds);
            }
            Matcher m = NUMBER.matcher(t);
            return m.find() ? JsonCodec.tree("int".equals(type) ? (Object) (int) Math.round(Double.parseDouble(m.group(1)))
                    : Double.parseDouble(m.group(1))) : null;
        }
        if ("boolean".equals(type)) {
            String l = t.toLowerCase(Locale.ROOT);
            return l.startsWith("y") || l.contains("sure") ? JsonCodec.tree(true) : l.startsWith("n") ? JsonCodec.tree(false) : null;
        }
        if (type.startsWith("media:")) {
            return attachments.isEmpty() ? null : JsonCodec.tree(attachments.get(0).toString());
        }
        return "text".equals(type) ? JsonCodec.tree(t) : null;
    }

    private static JsonNode problemOf(WebApplicationException e) {
        try {
            return JsonCodec.decode(e.getResponse().readEntity(String.class), JsonNode.class);
        } catch (RuntimeException unreadable) {
            return JsonCodec.mapper().createObjectNode().put("detail", "the workflow service answered " + e.getResponse().getStatus());
        }
    }

    /**
     * Saves the state (when not null) and posts the reply with its MessageAdded, together: in one statement when the
     * chat's project is known (the chat as read with the message), else in one transaction that reads the chat.
     */
    Uni<Void> save(Chat chat, AssistantState state, Reply reply) {
        if (chat.projectId() != null) {
            return chats.postAssistant(chat, state, reply.text(), reply.attachments(), reply.actions());
        }
        return unitOfWork.run(tx -> (state == null ? Uni.createFrom().voidItem() : states.save(tx, state))
                .chain(() -> chats.postAssistant(tx, chat.id(), chat.ownerId(), reply.text(), reply.attachments(), reply.actions()))
                .replaceWithVoid());
    }
}
