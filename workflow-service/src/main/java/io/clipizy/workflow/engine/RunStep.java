package io.clipizy.workflow.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.event.ErrorCode;
import io.clipizy.contracts.event.ErrorInfo;
import io.clipizy.contracts.event.GenerationRequested;
import io.clipizy.contracts.event.InputRequested;
import io.clipizy.contracts.event.Message;
import io.clipizy.contracts.event.NodeFailed;
import io.clipizy.contracts.event.NodeStatus;
import io.clipizy.contracts.event.NodeSucceeded;
import io.clipizy.contracts.event.RunFailed;
import io.clipizy.contracts.event.RunStatus;
import io.clipizy.contracts.event.RunSucceeded;
import io.clipizy.contracts.event.TaskCancelRequested;
import io.clipizy.contracts.event.TaskKind;
import io.clipizy.workflow.definition.DefinitionValidator;
import io.clipizy.workflow.definition.Expression;
import io.clipizy.workflow.definition.NodeFamily;
import io.clipizy.workflow.definition.NodeSpec;
import io.clipizy.workflow.definition.NodeType;
import io.clipizy.workflow.definition.WorkflowCatalogue;
import io.clipizy.workflow.definition.WorkflowDefinition;
import io.clipizy.workflow.processor.Processor;
import io.clipizy.workflow.processor.ProcessorException;
import io.clipizy.workflow.processor.Processors;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One decision pass over a run, in memory: which nodes are ready, what each does (a processor runs at once, a
 * generator dispatches its task, a display pauses for the person), what a finished task means (announce, retry with
 * backoff, or re-ask an agent), how forEach items aggregate, and whether the run is done. It records the changes on
 * the executions and the records to publish; {@link RunEngine} loads and saves around it in one transaction.
 */
final class RunStep {
    private static final Set<ErrorCode> RETRYABLE = Set.of(ErrorCode.PROVIDER_UNAVAILABLE, ErrorCode.TIMEOUT, ErrorCode.INTERNAL);
    private static final int DEFAULT_PARALLELISM = 4;
    /** Generator nodes retry transient failures this many attempts in all unless they say otherwise. */
    private static final int DEFAULT_ATTEMPTS = 3;

    private final RunState run;
    private final WorkflowDefinition wf;
    private final WorkflowCatalogue catalogue;
    private final Processors processors;
    private final Set<String> capabilities;
    private final Instant now;
    private final Map<String, Exec> execs = new LinkedHashMap<>();
    private final List<Message> outbox = new ArrayList<>();
    private final List<ChildRun> childRuns = new ArrayList<>();

    /** A child run to start for a subworkflow node item (its id is deterministic, like a task's). */
    record ChildRun(UUID id, Exec exec, String workflowId, JsonNode inputs) {
    }
    private final Map<String, java.util.Set<String>> dependencies;

    RunStep(RunState run, WorkflowDefinition wf, WorkflowCatalogue catalogue, Processors processors, Set<String> capabilities,
            List<Exec> loaded, Instant now) {
        this.run = run;
        this.wf = wf;
        this.catalogue = catalogue;
        this.processors = processors;
        this.capabilities = capabilities;
        this.now = now;
        loaded.forEach(e -> execs.put(key(e.nodeId, e.item), e));
        this.dependencies = DefinitionValidator.dependencies(wf);
    }

    WorkflowDefinition definition() {
        return wf;
    }

    List<Message> outbox() {
        return outbox;
    }

    List<ChildRun> childRuns() {
        return childRuns;
    }

    java.util.Collection<Exec> execs() {
        return execs.values();
    }

    /** The deterministic task id of a node item's attempt: a resumed run never dispatches a task twice. */
    static UUID taskId(UUID runId, String nodeId, int item, int attempt) {
        return UUID.nameUUIDFromBytes((runId + "/" + nodeId + "/" + item + "/" + attempt).getBytes(StandardCharsets.UTF_8));
    }

    /** Runs the pass until nothing more can happen now. */
    void advance() {
        if (run.status.terminal()) {
            return;
        }
        if (run.deadline != null && now.isAfter(run.deadline)) {
            fail(null, new ErrorInfo(ErrorCode.TIMEOUT, "The run did not finish before its deadline", false));
            return;
        }
        boolean changed = true;
        while (changed && !run.status.terminal()) {
            changed = settleFinishedTasks();
            for (NodeSpec node : wf.nodes()) {
                changed |= progress(node);
            }
            changed |= concludeIfDone();
        }
    }

    // ---- finished tasks: announce, retry or re-ask -------------------------------------------------------------------

    private boolean settleFinishedTasks() {
        boolean changed = false;
        for (Exec e : List.copyOf(execs.values())) {
            if (!e.terminal() || e.settled || e.status == NodeStatus.SKIPPED) {
                continue;
            }
            NodeSpec node = wf.node(e.nodeId);
            if (node == null) {
                e.finish(e.status, e.output, e.error, now);
                continue;
            }
            changed = true;
            if (e.status == NodeStatus.SUCCEEDED && node.agent() != null) {
                agentAnswer(node, e);
            } else if (e.status == NodeStatus.SUCCEEDED) {
                e.finish(NodeStatus.SUCCEEDED, e.output, null, now);
                if (e.item < 0) {
                    outbox.add(NodeSucceeded.of(run.ownerId, run.projectId, run.chatId, run.id, e.nodeId, e.nodeType, null, e.output));
                }
            } else if (e.status == NodeStatus.FAILED && e.attempt < (node.retry() == null ? DEFAULT_ATTEMPTS : node.attemptsAllowed())
                    && retryable(e.error)) {
                long backoff = node.retry() == null ? 1000 : node.retry().backoffMillis();
                e.notBefore = now.plus(Duration.ofMillis(backoff * (1L << Math.min(10, e.attempt - 1))));
                e.attempt++;
                e.status = NodeStatus.PENDING;
                e.taskId = null;
                e.taskSequence = -1;
                e.error = null;
                e.dirty = true;
            } else {
                ErrorInfo error = e.error != null ? e.error : new ErrorInfo(ErrorCode.CANCELLED, "The task was cancelled", false);
                e.finish(e.status, null, error, now);
                outbox.add(NodeFailed.of(run.ownerId, run.projectId, run.chatId, run.id, e.nodeId, e.nodeType, e.itemIndex(), error));
            }
        }
        return changed;
    }

    private static boolean retryable(ErrorInfo error) {
        return error != null && (error.retryable() || RETRYABLE.contains(error.code()));
    }

    /** Agent mode: parse and validate the model's answer; re-ask with the problems, or accept, or give up. */
    private void agentAnswer(NodeSpec node, Exec e) {
        JsonNode schema = catalogue.outputSchema(node.agent().outputSchema());
        String answer = AgentOutput.text(e.output);
        AgentOutput.Parsed parsed = AgentOutput.parse(answer, schema);
        ObjectNode history = e.history == null ? JsonCodec.mapper().createObjectNode() : (ObjectNode) e.history;
        ArrayNode messages = history.withArray("messages");
        messages.addObject().put("role", "assistant").put("content", answer);
        history.put("iterations", history.path("iterations").asInt(0) + 1);
        e.history = history;
        if (parsed.valid()) {
            e.finish(NodeStatus.SUCCEEDED, parsed.value(), null, now);
            outbox.add(NodeSucceeded.of(run.ownerId, run.projectId, run.chatId, run.id, e.nodeId, e.nodeType, e.itemIndex(), parsed.value()));
        } else if (history.get("iterations").asInt() < node.agent().maxIterations()) {
            messages.addObject().put("role", "user").put("content", "Your answer was not usable: " + String.join("; ", parsed.problems())
                    + ". Answer again with one JSON object that matches the schema.");
            e.attempt++;
            e.status = NodeStatus.PENDING;
            e.taskId = null;
            e.taskSequence = -1;
            e.output = null;
            e.dirty = true;
        } else {
            ErrorInfo error = new ErrorInfo(ErrorCode.INVALID_INPUT, "The model's answer did not match what this step needs after "
                    + node.agent().maxIterations() + " tries: " + String.join("; ", parsed.problems()), true);
            e.finish(NodeStatus.FAILED, null, error, now);
            outbox.add(NodeFailed.of(run.ownerId, run.projectId, run.chatId, run.id, e.nodeId, e.nodeType, e.itemIndex(), error));
        }
    }

    // ---- starting and aggregating nodes -----------------------------------------------------------------------------

    private boolean progress(NodeSpec node) {
        Exec parent = execs.get(key(node.id(), -1));
        if (parent == null) {
            if (!ready(node)) {
                return false;
            }
            create(node);
            return true;
        }
        if (parent.terminal()) {
            return false;
        }
        if (node.forEach() != null) {
            return forEachStep(node, parent);
        }
        if (parent.status == NodeStatus.PENDING && parent.taskId == null && due(parent)) {
            begin(node, parent);
            return true;
        }
        return false;
    }

    private boolean ready(NodeSpec node) {
        for (String dep : dependencies.getOrDefault(node.id(), Set.of())) {
            Exec d = execs.get(key(dep, -1));
            if (d == null || !d.done()) {
                return false;
            }
        }
        return true;
    }

    private void create(NodeSpec node) {
        NodeType type = catalogue.nodeType(node.use());
        if (node.when() != null && !Expression.truthy(Expression.parse(node.when()).evaluate(resolver(null, -1)))) {
            Exec skipped = Exec.created(run.id, node.id(), -1, type.name(), NodeStatus.SKIPPED, now);
            skipped.settled = true;
            skipped.finishedAt = now;
            execs.put(key(node.id(), -1), skipped);
            return;
        }
        if (node.forEach() != null) {
            JsonNode items = Expression.parse(node.forEach()).evaluate(resolver(null, -1));
            Exec parent = Exec.created(run.id, node.id(), -1, type.name(), NodeStatus.RUNNING, now);
            execs.put(key(node.id(), -1), parent);
            if (!items.isArray() && !items.isNull()) {
                parent.finish(NodeStatus.FAILED, null, new ErrorInfo(ErrorCode.INVALID_INPUT, "Step '" + node.id()
                        + "' expected a list to repeat over (" + node.forEach() + ") but got " + items.getNodeType(), false), now);
                outbox.add(NodeFailed.of(run.ownerId, run.projectId, run.chatId, run.id, node.id(), type.name(), null, parent.error));
                return;
            }
            ArrayNode list = items.isArray() ? (ArrayNode) items : JsonCodec.mapper().createArrayNode();
            ObjectNode params = JsonCodec.mapper().createObjectNode();
            params.set("items", list);
            parent.params = params;
            for (int i = 0; i < list.size(); i++) {
                Exec item = Exec.created(run.id, node.id(), i, type.name(), NodeStatus.PENDING, now);
                item.startedAt = null;
                execs.put(key(node.id(), i), item);
            }
            return;
        }
        Exec exec = Exec.created(run.id, node.id(), -1, type.name(), NodeStatus.PENDING, now);
        execs.put(key(node.id(), -1), exec);
        begin(node, exec);
    }

    private boolean forEachStep(NodeSpec node, Exec parent) {
        List<Exec> items = items(node.id());
        boolean changed = false;
        int parallelism = node.parallelism() == null ? DEFAULT_PARALLELISM : node.parallelism();
        long busy = items.stream().filter(e -> e.inFlight() || e.status == NodeStatus.RUNNING || e.status == NodeStatus.WAITING_INPUT).count();
        for (Exec item : items) {
            if (busy >= parallelism) {
                break;
            }
            if (item.status == NodeStatus.PENDING && item.taskId == null && due(item)) {
                begin(node, item);
                busy += item.inFlight() || item.status == NodeStatus.RUNNING ? 1 : 0;
                changed = true;
            }
        }
        if (items.stream().allMatch(Exec::done)) {
            ArrayNode outputs = JsonCodec.mapper().createArrayNode();
            items.forEach(i -> outputs.add(i.output == null ? JsonCodec.mapper().nullNode() : i.output));
            parent.finish(NodeStatus.SUCCEEDED, outputs, null, now);
            outbox.add(NodeSucceeded.of(run.ownerId, run.projectId, run.chatId, run.id, node.id(), parent.nodeType, null, outputs));
            return true;
        }
        Exec failed = items.stream().filter(Exec::failedFinally).findFirst().orElse(null);
        if (failed != null) {
            parent.finish(NodeStatus.FAILED, null, failed.error, now);
            return true;
        }
        if (items.stream().anyMatch(i -> i.status == NodeStatus.WAITING_INPUT) && parent.status != NodeStatus.WAITING_INPUT) {
            parent.status = NodeStatus.WAITING_INPUT;
            parent.dirty = true;
        }
        return changed;
    }

    private List<Exec> items(String nodeId) {
        return execs.values().stream().filter(e -> e.nodeId.equals(nodeId) && e.item >= 0)
                .sorted(Comparator.comparingInt(e -> e.item)).toList();
    }

    private boolean due(Exec e) {
        return e.notBefore == null || !now.isBefore(e.notBefore);
    }

    /** Starts one execution according to its node's family. */
    private void begin(NodeSpec node, Exec e) {
        NodeType type = catalogue.nodeType(node.use());
        JsonNode item = e.item < 0 ? null : execs.get(key(node.id(), -1)).params.path("items").get(e.item);
        ObjectNode params = resolveParams(node, type, item, e.item);
        e.params = params;
        e.startedAt = e.startedAt == null ? now : e.startedAt;
        e.dirty = true;
        switch (type.family()) {
            case GENERATOR -> dispatch(node, type, e, params);
            case PROCESSOR, UTIL -> runProcessor(type, e, params);
            case DISPLAY -> display(node, type, e, params);
            case SUBWORKFLOW -> {
                UUID child = taskId(run.id, node.id(), e.item, e.attempt);
                params.put("childRunId", child.toString());
                e.status = NodeStatus.RUNNING;
                e.settled = false;
                childRuns.add(new ChildRun(child, e, params.path("workflowId").asText(), params.path("inputs")));
            }
        }
    }

    private void dispatch(NodeSpec node, NodeType type, Exec e, ObjectNode params) {
        ObjectNode sent = params.deepCopy();
        if (node.agent() != null) {
            sent.set("outputSchema", catalogue.outputSchema(node.agent().outputSchema()));
            if (e.history != null && e.history.has("messages")) {
                sent.set("conversation", e.history.get("messages"));
            }
        }
        if (e.history != null && e.history.hasNonNull("feedback")) {
            sent.set("feedback", e.history.get("feedback"));
        }
        e.taskId = taskId(run.id, node.id(), e.item, e.attempt);
        e.status = NodeStatus.PENDING;
        e.taskSequence = -1;
        e.settled = false;
        e.notBefore = null;
        outbox.add(GenerationRequested.of(run.ownerId, run.projectId, run.chatId, run.id, node.id(), e.itemIndex(), e.taskId,
                TaskKind.fromWire(type.taskKind()), null, sent, run.deadline, e.attempt));
    }

    private void runProcessor(NodeType type, Exec e, ObjectNode params) {
        Processor processor = processors.get(type.name());
        try {
            JsonNode output = processor.run(params);
            e.finish(NodeStatus.SUCCEEDED, output, null, now);
            if (e.item < 0) {
                outbox.add(NodeSucceeded.of(run.ownerId, run.projectId, run.chatId, run.id, e.nodeId, e.nodeType, null, output));
            }
        } catch (ProcessorException | IllegalArgumentException ex) {
            ErrorInfo error = new ErrorInfo(ErrorCode.INVALID_INPUT, "Step '" + e.nodeId + "' could not run: " + ex.getMessage(), false);
            e.finish(NodeStatus.FAILED, null, error, now);
            outbox.add(NodeFailed.of(run.ownerId, run.projectId, run.chatId, run.id, e.nodeId, e.nodeType, e.itemIndex(), error));
        }
    }

    private void display(NodeSpec node, NodeType type, Exec e, ObjectNode params) {
        if ("choose".equals(type.name()) && params.path("candidates").isArray() && params.get("candidates").size() == 1) {
            ObjectNode chosen = JsonCodec.mapper().createObjectNode();
            chosen.put("index", 0).set("value", params.get("candidates").get(0));
            e.finish(NodeStatus.SUCCEEDED, chosen, null, now);
            outbox.add(NodeSucceeded.of(run.ownerId, run.projectId, run.chatId, run.id, e.nodeId, e.nodeType, e.itemIndex(), chosen));
            return;
        }
        ObjectNode awaiting = params.deepCopy();
        awaiting.put("display", type.name());
        awaiting.set("actions", JsonCodec.tree(switch (type.name()) {
            case "confirm" -> List.of("approve", "regenerate", "edit");
            case "choose" -> List.of("choose", "regenerate");
            default -> List.of("submit");
        }));
        e.status = NodeStatus.WAITING_INPUT;
        e.awaiting = awaiting;
        outbox.add(InputRequested.of(run.ownerId, run.projectId, run.chatId, run.id, node.id(), type.name(),
                params.path("prompt").asText(type.description()), awaiting));
    }

    private ObjectNode resolveParams(NodeSpec node, NodeType type, JsonNode item, int index) {
        Expression.Resolver resolver = resolver(item, index);
        ObjectNode params = JsonCodec.mapper().createObjectNode();
        for (Map.Entry<String, NodeType.Param> p : type.params().entrySet()) {
            JsonNode given = node.with().get(p.getKey());
            JsonNode value = given == null ? null : resolve(given, resolver);
            if (value == null || value.isNull()) {
                value = p.getValue().defaultValue();
            }
            if (value != null && !value.isNull()) {
                params.set(p.getKey(), value);
            }
        }
        return params;
    }

    private static JsonNode resolve(JsonNode value, Expression.Resolver resolver) {
        if (value.isTextual()) {
            return Expression.hasReferences(value.asText()) ? Expression.parse(value.asText()).evaluate(resolver) : value;
        }
        if (value.isArray()) {
            ArrayNode out = JsonCodec.mapper().createArrayNode();
            value.forEach(v -> {
                JsonNode r = resolve(v, resolver);
                if (r != null && !r.isNull()) {
                    out.add(r);
                }
            });
            return out;
        }
        if (value.isObject()) {
            ObjectNode out = JsonCodec.mapper().createObjectNode();
            value.fields().forEachRemaining(f -> out.set(f.getKey(), resolve(f.getValue(), resolver)));
            return out;
        }
        return value;
    }

    Expression.Resolver resolver(JsonNode item, int index) {
        return path -> {
            switch (path.root()) {
                case "inputs":
                    return Expression.walk(run.inputs, path.segments());
                case "item":
                    return Expression.walk(item, path.segments());
                case "index":
                    return index < 0 ? null : IntNode.valueOf(index);
                case "providers":
                    return BooleanNode.valueOf(capabilities.contains(path.first()));
                default:
                    Exec e = execs.get(key(path.root(), -1));
                    if (e == null || !e.done()) {
                        return null;
                    }
                    String field = path.first();
                    if ("status".equals(field)) {
                        return TextNode.valueOf(e.status.wire());
                    }
                    return Expression.walk(e.output, path.segments().subList(1, path.segments().size()));
            }
        };
    }

    // ---- the run's outcome ----------------------------------------------------------------------------------------

    private boolean concludeIfDone() {
        for (NodeSpec node : wf.nodes()) {
            Exec e = execs.get(key(node.id(), -1));
            if (e != null && e.failedFinally()) {
                fail(node.id(), e.error);
                return true;
            }
        }
        boolean allDone = wf.nodes().stream().allMatch(n -> {
            Exec e = execs.get(key(n.id(), -1));
            return e != null && e.done();
        });
        if (allDone) {
            JsonNode output = wf.output() == null ? null : Expression.parse(wf.output()).evaluate(resolver(null, -1));
            run.status = RunStatus.SUCCEEDED;
            run.output = output;
            run.finishedAt = now;
            run.dirty = true;
            outbox.add(RunSucceeded.of(run.ownerId, run.projectId, run.chatId, run.id, output, null));
            return true;
        }
        boolean waiting = execs.values().stream().anyMatch(e -> e.status == NodeStatus.WAITING_INPUT);
        RunStatus next = waiting ? RunStatus.WAITING_INPUT : RunStatus.RUNNING;
        if (run.status != next) {
            run.status = next;
            run.dirty = true;
        }
        return false;
    }

    /** Fails the run: every task still in flight is cancelled (which releases its credits). */
    void fail(String nodeId, ErrorInfo error) {
        cancelInFlight("The run failed");
        run.status = RunStatus.FAILED;
        run.error = error;
        run.failedNodeId = nodeId;
        run.finishedAt = now;
        run.dirty = true;
        outbox.add(RunFailed.of(run.ownerId, run.projectId, run.chatId, run.id, nodeId, error));
    }

    void cancelInFlight(String reason) {
        for (Exec e : execs.values()) {
            if (!e.terminal()) {
                if (e.inFlight()) {
                    outbox.add(TaskCancelRequested.of(run.ownerId, e.taskId, run.id, reason));
                }
                e.finish(NodeStatus.CANCELLED, null, new ErrorInfo(ErrorCode.CANCELLED, reason, false), now);
            }
        }
    }

    /**
     * Re-opens a node (or some of its forEach items) to run again with the person's feedback, and forgets everything
     * that depends on it; answers the ids of the nodes whose executions must be deleted.
     */
    java.util.Set<String> reopen(String nodeId, List<Integer> onlyItems, String feedback) {
        NodeSpec node = wf.node(nodeId);
        Exec parent = execs.get(key(nodeId, -1));
        java.util.Set<String> dropped = dependantsOf(nodeId);
        dropped.forEach(id -> execs.keySet().removeIf(k -> k.startsWith(id + "#")));
        if (node.forEach() != null && onlyItems != null && !onlyItems.isEmpty()) {
            for (int i : onlyItems) {
                Exec item = execs.get(key(nodeId, i));
                if (item != null) {
                    again(item, feedback);
                }
            }
            parent.status = NodeStatus.RUNNING;
            parent.settled = false;
            parent.output = null;
            parent.finishedAt = null;
            parent.dirty = true;
        } else if (node.forEach() != null) {
            execs.keySet().removeIf(k -> k.startsWith(nodeId + "#"));
            dropped.add(nodeId);
        } else {
            again(parent, feedback);
        }
        if (run.status.terminal()) {
            run.status = RunStatus.RUNNING;
            run.output = null;
            run.error = null;
            run.finishedAt = null;
            run.dirty = true;
        }
        return dropped;
    }

    private void again(Exec e, String feedback) {
        ObjectNode history = e.history == null ? JsonCodec.mapper().createObjectNode() : (ObjectNode) e.history;
        if (feedback != null && !feedback.isBlank()) {
            history.put("feedback", feedback);
            if (history.has("messages")) {
                history.withArray("messages").addObject().put("role", "user")
                        .put("content", "Change this: " + feedback + ". Answer again with one JSON object that matches the schema.");
                history.put("iterations", 0);
            }
        }
        e.history = history;
        e.attempt++;
        e.status = NodeStatus.PENDING;
        e.taskId = null;
        e.taskSequence = -1;
        e.output = null;
        e.error = null;
        e.settled = false;
        e.finishedAt = null;
        e.notBefore = null;
        e.dirty = true;
    }

    /** Every node that depends, directly or not, on {@code nodeId}. */
    java.util.Set<String> dependantsOf(String nodeId) {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        java.util.Deque<String> frontier = new java.util.ArrayDeque<>(List.of(nodeId));
        while (!frontier.isEmpty()) {
            String current = frontier.pop();
            dependencies.forEach((node, deps) -> {
                if (deps.contains(current) && out.add(node)) {
                    frontier.push(node);
                }
            });
        }
        return out;
    }

    /** The node a display shows (the first referenced node that produced a value), for regenerate-with-feedback. */
    String shownBy(String displayNodeId) {
        for (String dep : dependencies.getOrDefault(displayNodeId, Set.of())) {
            Exec e = execs.get(key(dep, -1));
            if (e != null && e.status == NodeStatus.SUCCEEDED) {
                return dep;
            }
        }
        return null;
    }

    Exec exec(String nodeId, int item) {
        return execs.get(key(nodeId, item));
    }

    static String key(String nodeId, int item) {
        return nodeId + "#" + item;
    }
}
