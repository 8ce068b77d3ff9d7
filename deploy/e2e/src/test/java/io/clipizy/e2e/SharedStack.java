package io.clipizy.e2e;

import java.time.Duration;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The whole local stack, started once per test run and shared by every end-to-end class that uses
 * {@code @ExtendWith(SharedStack.class)} (the API tests and the browser tests alike): the first class to need it starts
 * it, and JUnit stops it when the whole run is over, because it lives in the root context's store.
 */
final class SharedStack implements BeforeAllCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedStack.class);
    private static volatile LocalStack stack;

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("stack", key -> new Running(start()), Running.class);
    }

    private static LocalStack start() {
        try {
            LocalStack started = LocalStack.start(Duration.ofMinutes(6));
            stack = started;
            return started;
        } catch (Exception e) {
            throw new IllegalStateException("The local stack did not start: " + e.getMessage(), e);
        }
    }

    /** The running stack (after the extension's beforeAll). */
    static LocalStack stack() {
        if (stack == null) {
            throw new IllegalStateException("the stack is not started: annotate the class with @ExtendWith(SharedStack.class)");
        }
        return stack;
    }

    /** Closed by JUnit when the root context ends: after the last class of the run. */
    @SuppressWarnings("deprecation")
    private record Running(LocalStack stack) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() throws Throwable {
            SharedStack.stack = null;
            stack.close();
        }
    }
}
