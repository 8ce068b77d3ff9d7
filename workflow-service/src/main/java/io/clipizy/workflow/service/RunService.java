package io.clipizy.workflow.service;

import io.clipizy.contracts.event.RunCancelled;
import io.clipizy.contracts.event.RunStatus;
import io.clipizy.contracts.event.TaskCancelRequested;
import io.clipizy.contracts.event.Message;
import io.clipizy.contracts.problem.ProblemType;
import io.clipizy.kit.outbox.Outbox;
import io.clipizy.kit.outbox.UnitOfWork;
import io.clipizy.kit.web.Page;
import io.clipizy.kit.web.ProblemException;
import io.clipizy.workflow.domain.NodeExecution;
import io.clipizy.workflow.domain.Run;
import io.clipizy.workflow.persistence.NodeRepository;
import io.clipizy.workflow.persistence.RunRepository;
import io.clipizy.workflow.engine.InputValidator;
import io.clipizy.workflow.engine.RunEngine;
import io.clipizy.workflow.engine.WorkflowDefinitions;
import io.clipizy.workflow.definition.WorkflowDefinition;
import io.clipizy.contracts.problem.Problem;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import java.util.stream.Collectors;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Reading runs and cancelling them; a cancel also cancels the run's unfinished tasks (and so releases their credits). */
@ApplicationScoped
public class RunService {
    @Inject
    RunRepository runs;

    @Inject
    NodeRepository nodes;

    @Inject
    UnitOfWork unitOfWork;

    @Inject
    Outbox outbox;

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(RunService.class);

    @Inject
    RunEngine engine;

    @Inject
    @org.eclipse.microprofile.rest.client.inject.RestClient
    io.clipizy.workflow.client.BillingClient billing;

    @Inject
    WorkflowDefinitions definitions;

    /** Starts a run after checking every input against the workflow's input schema (400 listing each bad field). */
    public Uni<RunDetail> start(String ownerId, String authorization, String workflowId, UUID projectId, UUID chatId, JsonNode inputs) {
        WorkflowDefinition wf = definitions.catalogue().workflow(workflowId);
        if (wf == null) {
            throw new ProblemException(ProblemType.VALIDATION, "Unknown workflow '" + workflowId + "'",
                    List.of(new Problem.FieldViolation("workflowId", "names no workflow (see GET /api/workflows)")));
        }
        Set<String> known = definitions.catalogue().workflows().stream().map(WorkflowDefinition::id).collect(Collectors.toSet());
        InputValidator.Result checked = InputValidator.validate(wf, inputs, known);
        if (checked.errors().isEmpty()) {
            checked.errors().addAll(childInputErrors(wf, checked.inputs(), known));
        }
        if (!checked.errors().isEmpty()) {
            throw new ProblemException(ProblemType.VALIDATION, checked.errors().size() + " input(s) of " + workflowId + " are not valid",
                    checked.errors());
        }
        return estimate(authorization, workflowId, checked.inputs())
                .chain(credits -> unitOfWork.run(tx -> engine.start(tx, ownerId, projectId, chatId, wf, checked.inputs(), credits)))
                .chain(id -> get(ownerId, id));
    }

    /**
     * billing-service's estimate of the run's cost, asked with the person's token. When billing cannot answer, the run
     * still starts without an estimate (the gateway's reservation is what protects the balance) and the failure is logged.
     */
    private Uni<Long> estimate(String authorization, String workflowId, JsonNode inputs) {
        com.fasterxml.jackson.databind.node.ObjectNode body = io.clipizy.contracts.JsonCodec.mapper().createObjectNode();
        body.put("workflowId", workflowId).set("inputs", inputs);
        return billing.estimate(authorization, body)
                .map(answer -> answer.hasNonNull("credits") ? answer.get("credits").asLong() : null)
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("No credit estimate for %s: %s", workflowId, e.toString());
                    return null;
                });
    }

    /**
     * For a batch: every item's inputs checked against the workflow it will run, before the first item starts
     * (errors named {@code inputs.items[3].scenes}).
     */
    private List<Problem.FieldViolation> childInputErrors(WorkflowDefinition wf, JsonNode inputs, Set<String> known) {
        List<Problem.FieldViolation> errors = new ArrayList<>();
        for (var node : wf.nodes()) {
            if (!"run_workflow".equals(node.use()) || node.forEach() == null) {
                continue;
            }
            var forEach = io.clipizy.workflow.definition.Expression.parse(node.forEach()).paths().get(0);
            JsonNode workflowRef = node.with().get("workflowId");
            if (!"inputs".equals(forEach.root()) || workflowRef == null) {
                continue;
            }
            String targetId = workflowRef.asText().startsWith("${inputs.")
                    ? inputs.path(workflowRef.asText().substring(9, workflowRef.asText().length() - 1)).asText() : workflowRef.asText();
            WorkflowDefinition target = definitions.catalogue().workflow(targetId);
            if (target == null || target.nodes().stream().anyMatch(n -> "run_workflow".equals(n.use()))) {
                errors.add(new Problem.FieldViolation("inputs.workflow", "must name a workflow that is not itself a batch"));
                continue;
            }
            JsonNode items = inputs.path(forEach.first());
            for (int i = 0; i < items.size(); i++) {
                for (Problem.FieldViolation v : InputValidator.validate(target, items.get(i), known).errors()) {
                    errors.add(new Problem.FieldViolation("inputs." + forEach.first() + "[" + i + "]" + v.field().substring("inputs".length()),
                            v.message()));
                }
            }
        }
        return errors;
    }

    /** Answers a step that waits for the person. */
    public Uni<RunDetail> answer(String ownerId, UUID runId, String nodeId, RunEngine.Answer answer) {
        return unitOfWork.run(tx -> engine.answer(tx, runId, ownerId, nodeId, answer)).chain(() -> get(ownerId, runId));
    }

    /** Re-runs a step (or some of its items) and what depends on it. */
    public Uni<RunDetail> regenerate(String ownerId, UUID runId, String nodeId, List<Integer> items, String feedback) {
        return unitOfWork.run(tx -> engine.regenerate(tx, runId, ownerId, nodeId, items, feedback)).chain(() -> get(ownerId, runId));
    }

    /** A run and its node executions. */
    public record RunDetail(Run run, List<NodeExecution> nodes) {
    }

    public Uni<RunDetail> get(String ownerId, UUID id) {
        return unitOfWork.read(c -> runs.find(c, id, ownerId).map(RunService::found)
                .chain(run -> nodes.forRun(c, id).map(list -> new RunDetail(run, list))));
    }

    public Uni<Page<Run>> list(String ownerId, UUID projectId, RunStatus status, int page, int size) {
        return unitOfWork.read(c -> runs.list(c, ownerId, projectId, status, page, size));
    }

    /**
     * Cancels the owner's unfinished run: the run and its unfinished nodes become CANCELLED, each dispatched task gets
     * a TaskCancelRequested, and RunCancelled is published — all in one transaction. 409 when the run already ended.
     */
    public Uni<RunDetail> cancel(String ownerId, UUID id, String reason) {
        return unitOfWork.run(tx -> runs.lock(tx, id, ownerId).map(RunService::found).chain(run -> {
            if (run.status().terminal()) {
                throw new ProblemException(ProblemType.CONFLICT, "The run has already ended (" + run.status().wire() + ")");
            }
            return cancelRun(tx, run, reason).chain(() -> runs.find(tx, id, ownerId))
                    .chain(updated -> nodes.forRun(tx, id).map(list -> new RunDetail(updated, list)));
        }));
    }

    /** Cancels every unfinished top-level run of the owner's project, in the caller's transaction. */
    public Uni<Void> cancelProject(io.vertx.mutiny.sqlclient.SqlConnection tx, String ownerId, UUID projectId, String reason) {
        return tx.preparedQuery("SELECT id FROM workflow_run WHERE owner_id = $1 AND project_id = $2 AND parent_run_id IS NULL "
                        + "AND status IN ('RUNNING', 'WAITING_INPUT')").execute(io.vertx.mutiny.sqlclient.Tuple.of(ownerId, projectId))
                .chain(rows -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (var row : rows) {
                        UUID id = row.getUUID(0);
                        chain = chain.chain(() -> runs.lock(tx, id, ownerId)).chain(r -> r == null ? Uni.createFrom().voidItem()
                                : cancelRun(tx, r, reason));
                    }
                    return chain;
                });
    }

    /** Cancels one run and, for a batch, its unfinished child runs, in the caller's transaction. */
    private Uni<Void> cancelRun(io.vertx.mutiny.sqlclient.SqlConnection tx, Run run, String reason) {
        return nodes.cancelUnfinished(tx, run.id()).chain(cancelled -> {
            List<Message> records = new ArrayList<>();
            for (NodeExecution node : cancelled) {
                if (node.taskId() != null) {
                    records.add(TaskCancelRequested.of(run.ownerId(), node.taskId(), run.id(), reason));
                }
            }
            records.add(RunCancelled.of(run.ownerId(), run.projectId(), run.chatId(), run.id(), reason));
            return runs.markCancelled(tx, run.id()).chain(() -> outbox.appendAll(tx, records));
        }).chain(() -> tx.preparedQuery("SELECT id FROM workflow_run WHERE parent_run_id = $1 AND status IN ('RUNNING', 'WAITING_INPUT')")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(run.id())))
                .chain(children -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (var row : children) {
                        UUID child = row.getUUID(0);
                        chain = chain.chain(() -> runs.lock(tx, child, run.ownerId())).chain(c -> c == null ? Uni.createFrom().voidItem()
                                : cancelRun(tx, c, reason));
                    }
                    return chain;
                });
    }

    private static Run found(Run run) {
        if (run == null) {
            throw ProblemException.notFound("Run");
        }
        return run;
    }
}
