package io.clipizy.kit.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import org.junit.jupiter.api.Test;

/** The outbox stores the W3C traceparent of the span that wrote the record, so the trace continues through Kafka. */
class TraceparentTest {
    @Test
    void noSpanNoHeader() {
        assertNull(Outbox.currentTraceparent());
    }

    @Test
    void theCurrentSpanBecomesAW3cTraceparent() {
        SpanContext ctx = SpanContext.create("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", TraceFlags.getSampled(),
                TraceState.getDefault());
        try (Scope ignored = Span.wrap(ctx).makeCurrent()) {
            assertEquals("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", Outbox.currentTraceparent());
        }
    }
}
