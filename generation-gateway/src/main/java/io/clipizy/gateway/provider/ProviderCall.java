package io.clipizy.gateway.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipizy.contracts.event.TaskKind;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;

/**
 * Everything a provider gets for one task.
 *
 * @param taskId   the task (also the idempotency key towards providers that take one)
 * @param ownerId  the user the work is for
 * @param kind     what to do
 * @param params   the task's parameters as the workflow or API sent them (see the node catalogue)
 * @param deadline when the task must have ended; providers bound every wait by it
 * @param workDir  a private directory for this task's files; the executor deletes it when the task ends
 * @param inputs   fetches input media (by media id, owner-checked) as local files
 * @param progress where to report progress; throttled by the executor, so report as often as is natural
 */
public record ProviderCall(UUID taskId, String ownerId, UUID projectId, TaskKind kind, JsonNode params, Instant deadline,
                           Path workDir, InputMedia inputs, ProgressSink progress) {
}
