package io.clipizy.chat.assistant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clipizy.chat.domain.Chat;
import io.clipizy.chat.domain.ChatMessage;
import io.clipizy.chat.domain.Project;
import io.clipizy.chat.domain.ProjectType;
import io.clipizy.chat.service.ChatService;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.event.GenerationRequested;
import io.clipizy.contracts.event.MessageRole;
import io.clipizy.contracts.event.TaskCancelRequested;
import io.clipizy.contracts.event.TaskEvent;
import io.clipizy.contracts.event.TaskKind;
import io.clipizy.contracts.event.TaskStatus;
import io.clipizy.kit.inbox.IdempotentHandler;
import io.clipizy.kit.outbox.Outbox;
import io.clipizy.kit.outbox.UnitOfWork;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The assistant's reading of a message with the LLM, when one is configured ({@code clipizy.providers.capabilities}
 * contains {@code text}): a {@code text_generation} task in JSON-schema mode, published through the outbox; while it
 * runs the chat shows {@code thinking}. The answer comes back on task.events and is checked (agent mode: re-asked with
 * the problems up to {@code max-attempts} times); the usable reading is merged with the deterministic parser's (its
 * explicit matches win) and the conversation goes on. A failed, cancelled, unusable or late answer falls back to the
 * parser alone, as if no LLM were configured.
 */
@ApplicationScoped
public class LlmIntents {
    static final String CONSUMER = "chat-service.task-events";
    private static final Logger LOG = Logger.getLogger(LlmIntents.class);

    private final boolean enabled;

    @ConfigProperty(name = "clipizy.chat.llm.timeout", defaultValue = "PT60S")
    Duration timeout;

    @ConfigProperty(name = "clipizy.chat.llm.max-attempts", defaultValue = "3")
    int maxAttempts;

    @ConfigProperty(name = "clipizy.chat.llm.temperature", defaultValue = "0.2")
    double temperature;

    @Inject
    WorkflowCatalogue catalogue;

    @Inject
    AssistantStateRepository states;

    @Inject
    ChatService chats;

    @Inject
    UnitOfWork unitOfWork;

    @Inject
    Outbox outbox;

    @Inject
    IdempotentHandler handler;

    @Inject
    PendingTokens tokens;

    @Inject
    Assistant assistant;

    public LlmIntents(@ConfigProperty(name = "clipizy.providers.capabilities") Optional<List<String>> capabilities) {
        this.enabled = capabilities.orElse(List.of()).stream().map(String::strip).anyMatch("text"::equals);
    }

    public boolean enabled() {
        return enabled;
    }

    /** The deterministic id of the LLM task for a message's attempt: a repeated publish is a no-op at the gateway. */
    static UUID taskId(UUID chatId, UUID messageId, int attempt) {
        return UUID.nameUUIDFromBytes((chatId + "/" + messageId + "/intent/" + attempt).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Asks the LLM to read the message, in one transaction with the chat's {@code thinking} state; {@code priorPhase}
     * is null for a new request, else the phase the conversation resumes in.
     */
    Uni<Void> ask(String auth, Project project, Chat chat, AssistantState current, String priorPhase, ChatMessage message) {
        return catalogue.forProjectType(auth, project.type().wire()).chain(list -> {
            ArrayNode offered = JsonCodec.mapper().createArrayNode();
            for (JsonNode wf : list) {
                ObjectNode o = offered.addObject().put("id", wf.path("id").asText()).put("title", wf.path("title").asText())
                        .put("description", wf.path("description").asText());
                o.set("inputs", wf.path("inputs"));
            }
            LlmRequest request = new LlmRequest(taskId(chat.id(), message.id(), 1), 1, Instant.now().plus(timeout), project.id(),
                    project.type().wire(), message.id(), message.text(), message.attachments(), priorPhase, offered,
                    IntentPrompt.system(project.type().wire(), offered),
                    IntentPrompt.messages(message.text(), message.attachments(), priorPhase == null ? null : current.inputs(),
                            current.workflowId()),
                    IntentPrompt.schema(offered, message.attachments()));
            tokens.hold(chat.id(), auth, timeout.multipliedBy(maxAttempts).plusSeconds(30));
            return unitOfWork.run(tx -> states.think(tx, current, request)
                    .chain(() -> outbox.append(tx, command(chat.ownerId(), chat.id(), request)))
                    .chain(() -> chats.setAssistantStatus(tx, chat.id(), chat.ownerId(), "thinking")));
        });
    }

    private GenerationRequested command(String ownerId, UUID chatId, LlmRequest request) {
        ObjectNode params = JsonCodec.mapper().createObjectNode();
        params.put("system", request.system());
        params.set("messages", request.messages());
        params.set("outputSchema", request.outputSchema());
        params.put("temperature", temperature);
        return GenerationRequested.of(ownerId, request.projectId(), chatId, null, null, null, request.taskId(), TaskKind.TEXT_GENERATION,
                null, params, request.deadline(), request.attempt());
    }

    /** A task event: the answer (or failure) of one of the assistant's LLM tasks; every other task is left alone. */
    public Uni<Void> onTaskEvent(TaskEvent event) {
        if (event.kind() != TaskKind.TEXT_GENERATION || event.chatId() == null || event.runId() != null || !event.status().terminal()) {
            return Uni.createFrom().voidItem();
        }
        return unitOfWork.read(c -> states.findThinking(c, event.taskId())).chain(thinking -> {
            if (thinking == null || !thinking.state().ownerId().equals(event.ownerId())) {
                return Uni.createFrom().voidItem();
            }
            Function<Function<SqlConnection, Uni<Void>>, Uni<Void>> once =
                    work -> handler.handleOnce(CONSUMER, event, work).replaceWithVoid();
            if (event.status() != TaskStatus.SUCCEEDED) {
                LOG.infof("The LLM task %s for chat %s ended %s (%s); going on with the deterministic parser", event.taskId(),
                        thinking.state().chatId(), event.status(), event.error() == null ? "no reason given" : event.error().code().wire());
                return conclude(thinking, null, once);
            }
            IntentAnswer.Checked checked = IntentAnswer.check(event.result(), thinking.request());
            if (checked.valid()) {
                return conclude(thinking, checked, once);
            }
            if (thinking.request().attempt() < maxAttempts) {
                return reask(thinking, checked, once);
            }
            LOG.infof("The LLM's answers for chat %s stayed unusable after %d tries (%s); going on with the deterministic parser",
                    thinking.state().chatId(), maxAttempts, String.join("; ", checked.problems()));
            return conclude(thinking, null, once);
        });
    }

    private Uni<Void> reask(AssistantStateRepository.Thinking thinking, IntentAnswer.Checked checked,
                            Function<Function<SqlConnection, Uni<Void>>, Uni<Void>> once) {
        LlmRequest before = thinking.request();
        AssistantState s = thinking.state();
        LlmRequest next = before.reask(taskId(s.chatId(), before.messageId(), before.attempt() + 1), Instant.now().plus(timeout),
                checked.answer(), checked.problems());
        return once.apply(tx -> states.claim(tx, before.taskId()).chain(claimed -> claimed == null
                ? Uni.createFrom().voidItem()
                : states.reask(tx, s.chatId(), next).chain(() -> outbox.append(tx, command(s.ownerId(), s.chatId(), next)))));
    }

    /**
     * Goes on with the conversation from the LLM's reading ({@code checked}, null to fall back to the parser alone):
     * the next question or the priced summary, posted once (the chat must still be thinking about this task).
     */
    private Uni<Void> conclude(AssistantStateRepository.Thinking thinking, IntentAnswer.Checked checked,
                               Function<Function<SqlConnection, Uni<Void>>, Uni<Void>> inTransaction) {
        LlmRequest request = thinking.request();
        AssistantState s = thinking.state();
        boolean fresh = request.priorPhase() == null;
        IntentParser.Intent intent = IntentParser.parse(request.text(), ProjectType.fromString(request.projectType()));
        String workflowId = s.workflowId();
        if (fresh) {
            workflowId = checked == null || intent.explicitWorkflow() ? intent.workflowId() : checked.workflowId();
        }
        JsonNode definition = request.workflow(workflowId);
        if (definition == null) {
            definition = request.workflows().get(0);
        }
        IntentAnswer.Checked guessed = checked == null ? null : IntentAnswer.fitting(checked, definition.path("inputs"), request.attachments());
        AssistantState base = fresh
                ? s.with("collecting", definition.path("id").asText(), JsonCodec.mapper().createObjectNode(), null, null, null, null)
                : s.with(request.priorPhase(), s.workflowId(), s.inputs(), s.pendingField(), null, null, null);
        ChatMessage message = new ChatMessage(request.messageId(), s.chatId(), s.ownerId(), MessageRole.USER, request.text(),
                request.attachments(), null, null, null);
        Assistant.Decision decision = assistant.decide(base, fresh, definition, intent, guessed, message, null);
        return assistant.reply(tokens.peek(s.chatId()), decision)
                .chain(reply -> inTransaction.apply(tx -> states.claim(tx, request.taskId()).chain(claimed -> claimed == null
                        ? Uni.createFrom().voidItem()
                        : states.save(tx, decision.state())
                        .chain(() -> chats.postAssistant(tx, s.chatId(), s.ownerId(), reply.text(), reply.attachments(), reply.actions()))
                        .chain(() -> chats.setAssistantStatus(tx, s.chatId(), s.ownerId(), "idle")))))
                .invoke(() -> tokens.release(s.chatId()));
    }

    /** LLM tasks that ran past their deadline: stop waiting, cancel the task, and go on with the parser. */
    @Scheduled(every = "${clipizy.chat.llm.sweep-interval:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, delayed = "2s",
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> sweep() {
        if (!enabled) {
            return Uni.createFrom().voidItem();
        }
        return unitOfWork.read(c -> states.overdue(c, 50))
                .onItem().transformToMulti(ids -> Multi.createFrom().iterable(ids))
                .onItem().transformToUniAndConcatenate(taskId -> unitOfWork.read(c -> states.findThinking(c, taskId))
                        .chain(thinking -> thinking == null ? Uni.createFrom().voidItem() : giveUp(thinking)))
                .collect().last().replaceWithVoid()
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("Sweeping late LLM answers failed, will retry: %s", e.toString());
                    return null;
                });
    }

    private Uni<Void> giveUp(AssistantStateRepository.Thinking thinking) {
        LOG.infof("No answer from the LLM for chat %s by its deadline; going on with the deterministic parser", thinking.state().chatId());
        return conclude(thinking, null, work -> unitOfWork.run(tx -> work.apply(tx).chain(() -> outbox.append(tx,
                TaskCancelRequested.of(thinking.state().ownerId(), thinking.request().taskId(), null,
                        "The assistant stopped waiting for this answer")))));
    }
}
