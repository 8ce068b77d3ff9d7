package io.clipizy.gateway.local;

import io.clipizy.contracts.event.ErrorCode;

/** The operation stopped because its {@link Cancellation} was set: {@code cancelled}. */
public class OperationCancelledException extends LocalEngineException {
    public OperationCancelledException() {
        super(ErrorCode.CANCELLED, "The operation was cancelled");
    }
}
