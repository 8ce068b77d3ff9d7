package io.clipizy.workflow.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.event.ErrorInfo;
import io.clipizy.contracts.event.NodeStatus;
import io.clipizy.contracts.event.RunStarted;
import io.clipizy.contracts.event.RunStatus;
import io.clipizy.contracts.problem.ProblemType;
import io.clipizy.kit.outbox.Outbox;
import io.clipizy.kit.web.ProblemException;
import io.clipizy.workflow.definition.NodeFamily;
import io.clipizy.workflow.definition.NodeSpec;
import io.clipizy.workflow.definition.WorkflowDefinition;
import io.clipizy.workflow.processor.Processors;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The durable engine. Every operation runs in the caller's transaction with the run's row locked: load the run and its
 * executions, decide ({@link RunStep}), then write the changes and the records announcing them (outbox) together.
 * Nothing lives only in memory, so after a crash at any instant the next pass resumes exactly where the database is,
 * and deterministic task ids mean no task is dispatched twice.
 */
@ApplicationScoped
public class RunEngine {
    @Inject
    WorkflowDefinitions definitions;

    @Inject
    Processors processors;

    @Inject
    ProviderCapabilities capabilities;

    @Inject
    ExecRepository execs;

    @Inject
    Outbox outbox;

    @ConfigProperty(name = "clipizy.workflow.run-deadline", defaultValue = "PT2H")
    Duration runDeadline;

    /** Starts a run of validated inputs and takes it as far as it can go at once. */
    public Uni<UUID> start(SqlConnection tx, String ownerId, UUID projectId, UUID chatId, WorkflowDefinition wf,
                           JsonNode inputs, Long estimatedCredits) {
        return start(tx, UUID.randomUUID(), ownerId, projectId, chatId, wf, inputs, estimatedCredits, null);
    }

    /** Starts a run with a given id (a child run's is deterministic: starting it again is a no-op). */
    Uni<UUID> start(SqlConnection tx, UUID id, String ownerId, UUID projectId, UUID chatId, WorkflowDefinition wf,
                    JsonNode inputs, Long estimatedCredits, RunStep.ChildRun parent) {
        Instant deadline = Instant.now().plus(runDeadline);
        return tx.preparedQuery("INSERT INTO workflow_run (id, owner_id, project_id, chat_id, workflow_id, workflow_version, status, "
                        + "inputs, estimated_credits, deadline, parent_run_id, parent_node_id, parent_item) "
                        + "VALUES ($1, $2, $3, $4, $5, $6, 'RUNNING', $7::text::jsonb, $8, $9, $10, $11, $12) ON CONFLICT (id) DO NOTHING")
                .execute(Tuple.from(new Object[]{id, ownerId, projectId, chatId, wf.id(), wf.version(), JsonCodec.encode(inputs),
                        estimatedCredits, deadline.atOffset(ZoneOffset.UTC), parent == null ? null : parent.exec().runId,
                        parent == null ? null : parent.exec().nodeId, parent == null ? null : parent.exec().item}))
                .chain(inserted -> inserted.rowCount() == 0 ? Uni.createFrom().voidItem()
                        : outbox.append(tx, RunStarted.of(ownerId, projectId, chatId, id, wf.id(), wf.version(), estimatedCredits))
                                .chain(() -> advance(tx, id)))
                .replaceWith(id);
    }

    /** Takes the run as far as it can go now (after a task event, an answer, a due retry, or a restart). */
    public Uni<Void> advance(SqlConnection tx, UUID runId) {
        return withStep(tx, runId, null, RunStep::advance);
    }

    /** Answers a display node that waits for the person, then advances the run. */
    public Uni<Void> answer(SqlConnection tx, UUID runId, String ownerId, String nodeId, Answer answer) {
        return withStep(tx, runId, ownerId, step -> {
            Exec e = step.exec(nodeId, -1);
            if (e == null || e.status != NodeStatus.WAITING_INPUT) {
                throw new ProblemException(ProblemType.CONFLICT, "Step '" + nodeId + "' is not waiting for an answer");
            }
            if ("regenerate".equals(answer.action())) {
                String source = step.shownBy(nodeId);
                requireGenerated(step, source, nodeId);
                step.reopen(source, answer.items(), answer.feedback());
            } else {
                e.finish(NodeStatus.SUCCEEDED, answer.outputFor(e.awaiting), null, Instant.now());
                e.awaiting = null;
            }
            step.advance();
        });
    }

    /** Re-runs a node (or some of its items) with optional feedback, and whatever depends on it. */
    public Uni<Void> regenerate(SqlConnection tx, UUID runId, String ownerId, String nodeId, List<Integer> items, String feedback) {
        return withStep(tx, runId, ownerId, step -> {
            Exec e = step.exec(nodeId, -1);
            if (e == null) {
                throw new ProblemException(ProblemType.CONFLICT, "Step '" + nodeId + "' has not run yet");
            }
            requireGenerated(step, nodeId, nodeId);
            if (items != null) {
                for (int i : items) {
                    if (step.exec(nodeId, i) == null) {
                        throw new ProblemException(ProblemType.VALIDATION, "Step '" + nodeId + "' has no item " + i,
                                List.of(new io.clipizy.contracts.problem.Problem.FieldViolation("items", "no item " + i)));
                    }
                }
            }
            step.reopen(nodeId, items, feedback);
            step.advance();
        });
    }

    private void requireGenerated(RunStep step, String source, String asked) {
        if (source == null) {
            throw new ProblemException(ProblemType.CONFLICT, "Nothing generated to regenerate for step '" + asked + "'");
        }
        Exec e = step.exec(source, -1);
        String use = definitionNode(step, source).use();
        if (definitions.catalogue().nodeType(use).family() != NodeFamily.GENERATOR || e.status == NodeStatus.SKIPPED) {
            throw new ProblemException(ProblemType.CONFLICT, "Step '" + source + "' is computed, not generated: edit its result instead");
        }
    }

    private NodeSpec definitionNode(RunStep step, String nodeId) {
        return step.definition().node(nodeId);
    }

    /** Loads the run (locked) and its executions, applies {@code work}, and saves what changed with its records. */
    private Uni<Void> withStep(SqlConnection tx, UUID runId, String ownerId, Consumer<RunStep> work) {
        return tx.preparedQuery("SELECT id, owner_id, project_id, chat_id, workflow_id, status, inputs::text AS inputs, deadline, "
                        + "parent_run_id, parent_node_id, parent_item FROM workflow_run WHERE id = $1 FOR UPDATE").execute(Tuple.of(runId))
                .chain(rows -> {
                    var it = rows.iterator();
                    if (!it.hasNext() || (ownerId != null && !ownerId.equals(it.next().getString("owner_id")))) {
                        throw ProblemException.notFound("Run");
                    }
                    RunState run = state(rows.iterator().next());
                    WorkflowDefinition wf = definitions.catalogue().workflow(run.workflowId);
                    if (wf == null) {
                        return Uni.createFrom().voidItem();
                    }
                    if (ownerId != null && run.status == RunStatus.CANCELLED) {
                        throw new ProblemException(ProblemType.CONFLICT, "The run was cancelled");
                    }
                    return execs.load(tx, runId).chain(loaded -> {
                        RunStep step = new RunStep(run, wf, definitions.catalogue(), processors, capabilities.all(), loaded, Instant.now());
                        Set<String> before = new java.util.HashSet<>();
                        loaded.forEach(e -> before.add(e.nodeId));
                        work.accept(step);
                        Set<String> gone = new java.util.HashSet<>(before);
                        step.execs().forEach(e -> gone.remove(e.nodeId));
                        return execs.delete(tx, runId, gone)
                                .chain(() -> execs.save(tx, step.execs()))
                                .chain(() -> saveRun(tx, run))
                                .chain(() -> outbox.appendAll(tx, step.outbox()))
                                .chain(() -> startChildren(tx, run, step.childRuns()))
                                .chain(() -> run.dirty && run.status.terminal() && run.parentRunId != null
                                        ? reportToParent(tx, run) : Uni.createFrom().voidItem());
                    });
                });
    }

    private Uni<Void> startChildren(SqlConnection tx, RunState parent, List<RunStep.ChildRun> children) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (RunStep.ChildRun child : children) {
            WorkflowDefinition wf = definitions.catalogue().workflow(child.workflowId());
            chain = chain.chain(() -> start(tx, child.id(), parent.ownerId, parent.projectId, null, wf, child.inputs(), null, child))
                    .replaceWithVoid();
        }
        return chain;
    }

    /** A child run ended: its parent's item records how (a failed child is reported, not propagated), then moves on. */
    private Uni<Void> reportToParent(SqlConnection tx, RunState child) {
        com.fasterxml.jackson.databind.node.ObjectNode result = JsonCodec.mapper().createObjectNode();
        result.put("status", child.status.wire()).put("runId", child.id.toString());
        if (child.output != null) {
            result.set("output", child.output);
        }
        if (child.error != null) {
            result.set("error", JsonCodec.tree(child.error));
        }
        if (child.failedNodeId != null) {
            result.put("failedNode", child.failedNodeId);
        }
        return tx.preparedQuery("UPDATE node_execution SET status = 'SUCCEEDED', output = $4::text::jsonb, settled = true, progress = 1, "
                        + "finished_at = now(), updated_at = now() WHERE run_id = $1 AND node_id = $2 AND item_index = $3 "
                        + "AND status NOT IN ('SUCCEEDED', 'FAILED', 'CANCELLED', 'SKIPPED')")
                .execute(Tuple.of(child.parentRunId, child.parentNodeId, child.parentItem, JsonCodec.encode(result)))
                .chain(updated -> updated.rowCount() == 0 ? Uni.createFrom().voidItem() : advance(tx, child.parentRunId));
    }

    private Uni<Void> saveRun(SqlConnection tx, RunState run) {
        if (!run.dirty) {
            return Uni.createFrom().voidItem();
        }
        return tx.preparedQuery("UPDATE workflow_run SET status = $2, output = $3::text::jsonb, error = $4::text::jsonb, "
                        + "finished_at = $5, updated_at = now() WHERE id = $1")
                .execute(Tuple.of(run.id, run.status.wire(), run.output == null ? null : JsonCodec.encode(run.output),
                        run.error == null ? null : JsonCodec.encode(run.error),
                        run.finishedAt == null ? null : run.finishedAt.atOffset(ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    private static RunState state(Row r) {
        var deadline = r.getOffsetDateTime("deadline");
        RunState state = new RunState(r.getUUID("id"), r.getString("owner_id"), r.getUUID("project_id"), r.getUUID("chat_id"),
                r.getString("workflow_id"), JsonCodec.decode(r.getString("inputs"), JsonNode.class),
                deadline == null ? null : deadline.toInstant(), RunStatus.fromWire(r.getString("status")));
        state.parentRunId = r.getUUID("parent_run_id");
        state.parentNodeId = r.getString("parent_node_id");
        state.parentItem = r.getInteger("parent_item") == null ? -1 : r.getInteger("parent_item");
        return state;
    }

    /** What the person answered to a display node. */
    public record Answer(String action, JsonNode value, String feedback, List<Integer> items) {
        /** The display node's output for this answer, checked against what it asked. */
        JsonNode outputFor(JsonNode awaiting) {
            String display = awaiting.path("display").asText();
            switch (display) {
                case "confirm":
                    if ("approve".equals(action)) {
                        return awaiting.path("show");
                    }
                    if ("edit".equals(action) && value != null && value.isContainerNode()) {
                        return value;
                    }
                    throw invalid("approve, edit (with the edited value as JSON) or regenerate (with feedback)");
                case "choose":
                    JsonNode candidates = awaiting.path("candidates");
                    if ("choose".equals(action) && value != null && value.canConvertToInt()
                            && value.asInt() >= 0 && value.asInt() < candidates.size()) {
                        com.fasterxml.jackson.databind.node.ObjectNode out = JsonCodec.mapper().createObjectNode();
                        out.put("index", value.asInt()).set("value", candidates.get(value.asInt()));
                        return out;
                    }
                    throw invalid("choose with value = the index of a candidate (0 to " + (candidates.size() - 1) + "), or regenerate");
                default:
                    if (!"submit".equals(action) || value == null || value.isNull()) {
                        throw invalid("submit with a value");
                    }
                    JsonNode options = awaiting.path("field").path("options");
                    if (options.isArray() && !options.isEmpty() && !contains(options, value)) {
                        throw invalid("submit one of " + options);
                    }
                    com.fasterxml.jackson.databind.node.ObjectNode out = JsonCodec.mapper().createObjectNode();
                    out.set("value", value);
                    return out;
            }
        }

        private static boolean contains(JsonNode options, JsonNode value) {
            for (JsonNode o : options) {
                if (o.equals(value)) {
                    return true;
                }
            }
            return false;
        }

        private ProblemException invalid(String expected) {
            return new ProblemException(ProblemType.VALIDATION, "This step expects: " + expected,
                    List.of(new io.clipizy.contracts.problem.Problem.FieldViolation("action", "expected " + expected)));
        }
    }

}
