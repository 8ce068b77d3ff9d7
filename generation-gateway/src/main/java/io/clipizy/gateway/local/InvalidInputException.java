package io.clipizy.gateway.local;

import io.clipizy.contracts.event.ErrorCode;

/** The input cannot be processed (unreadable audio, a timeline that contradicts itself...): {@code invalid_input}. */
public class InvalidInputException extends LocalEngineException {
    public InvalidInputException(String message) {
        super(ErrorCode.INVALID_INPUT, message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(ErrorCode.INVALID_INPUT, message, cause);
    }
}
