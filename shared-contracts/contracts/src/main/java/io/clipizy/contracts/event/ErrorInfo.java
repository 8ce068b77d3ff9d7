package io.clipizy.contracts.event;

import io.clipizy.contracts.Require;

/** Why a task, node or run failed: a stable code, a message a person can act on, and whether a retry may help. */
public record ErrorInfo(ErrorCode code, String message, boolean retryable) {
    public ErrorInfo {
        Require.present(code, "code");
        Require.text(message, "message");
    }
}
