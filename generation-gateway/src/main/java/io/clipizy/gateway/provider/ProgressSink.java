package io.clipizy.gateway.provider;

/** Receives a running task's progress; the executor throttles what reaches task.events. */
@FunctionalInterface
public interface ProgressSink {
    /** @param fraction 0..1 (clamped); @param message what a person would want to read ("Rendering scene 3 of 8") */
    void report(double fraction, String message);

    ProgressSink NONE = (fraction, message) -> { };
}
