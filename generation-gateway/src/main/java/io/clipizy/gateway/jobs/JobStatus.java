package io.clipizy.gateway.jobs;

import io.clipizy.contracts.event.TaskStatus;
import java.util.Collection;

/**
 * A job's status from its variants' tasks: RUNNING while any is running (or some have ended and others still wait),
 * QUEUED while all wait, then SUCCEEDED when at least one variant succeeded, FAILED when none did and one failed,
 * CANCELLED when all were cancelled. {@link JobRepository#STATUS_SQL} is the same rule in SQL, for filtering.
 */
public final class JobStatus {
    private JobStatus() {
    }

    public static TaskStatus of(Collection<TaskStatus> tasks) {
        boolean running = false;
        boolean queued = false;
        boolean ended = false;
        boolean succeeded = false;
        boolean failed = false;
        for (TaskStatus s : tasks) {
            running |= s == TaskStatus.RUNNING;
            queued |= s == TaskStatus.QUEUED;
            ended |= s.terminal();
            succeeded |= s == TaskStatus.SUCCEEDED;
            failed |= s == TaskStatus.FAILED;
        }
        if (running || (queued && ended)) {
            return TaskStatus.RUNNING;
        }
        if (queued) {
            return TaskStatus.QUEUED;
        }
        if (succeeded) {
            return TaskStatus.SUCCEEDED;
        }
        return failed ? TaskStatus.FAILED : TaskStatus.CANCELLED;
    }
}
