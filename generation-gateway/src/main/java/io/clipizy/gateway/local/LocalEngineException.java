package io.clipizy.gateway.local;

import io.clipizy.contracts.event.ErrorCode;
import io.clipizy.contracts.event.ErrorInfo;

/** A failure of the local engine with its stable task error code and a message a person can act on. */
public class LocalEngineException extends RuntimeException {
    private final ErrorCode code;

    public LocalEngineException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public LocalEngineException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    /** The task error this failure ends in; only an internal failure may go away on a retry. */
    public ErrorInfo toErrorInfo() {
        return new ErrorInfo(code, getMessage(), code == ErrorCode.INTERNAL);
    }
}
