package io.clipizy.workflow.processor;

/** A processor's parameters cannot be used; the message says what is wrong in words a person can act on. */
public class ProcessorException extends RuntimeException {
    public ProcessorException(String message) {
        super(message);
    }
}
