package io.clipizy.workflow;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** The task id a node item's attempt must get, computed independently of the engine (run + node + item + attempt). */
final class RunStepTaskIds {
    private RunStepTaskIds() {
    }

    static UUID expected(UUID run, String node, int item, int attempt) {
        return UUID.nameUUIDFromBytes((run + "/" + node + "/" + item + "/" + attempt).getBytes(StandardCharsets.UTF_8));
    }
}
