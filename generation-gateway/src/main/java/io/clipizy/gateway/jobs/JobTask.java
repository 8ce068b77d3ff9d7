package io.clipizy.gateway.jobs;

import io.clipizy.contracts.event.ErrorInfo;
import io.clipizy.contracts.event.TaskOutput;
import io.clipizy.contracts.event.TaskStatus;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The part of a task a job shows: where it stands, its outputs and its error. */
public record JobTask(UUID id, String provider, TaskStatus status, double progress, String message,
                      List<TaskOutput> outputs, ErrorInfo error, Instant finishedAt) {
}
