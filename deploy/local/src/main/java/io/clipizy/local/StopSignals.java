package io.clipizy.local;

import java.util.List;
import sun.misc.Signal;

/**
 * Takes SIGINT, SIGTERM and SIGHUP from the JVM's default handling (which runs every shutdown hook at once, so each
 * child would be killed in parallel) and hands them to the launcher, which stops its children in order: services
 * first, then Keycloak, S3Proxy and Kafka. The children's own shutdown hooks remain as the last resort.
 * <p>
 * {@code sun.misc.Signal} lives in the jdk.unsupported module, which every JDK from 9 to 25 ships and exports for
 * exactly this use; the compiler's "internal proprietary API" warning is expected.
 */
final class StopSignals {
    private StopSignals() {
    }

    /**
     * Installs {@code onStop} for each signal. A signal the JVM inherited as ignored (a background job of a
     * non-interactive shell, nohup) stays ignored; that is the JVM's rule, and the caller's intent.
     */
    static void install(Runnable onStop) {
        for (String name : List.of("INT", "TERM", "HUP")) {
            try {
                Signal.handle(new Signal(name), signal -> onStop.run());
            } catch (IllegalArgumentException unavailable) {
                // not a signal on this platform, or reserved by the VM (-Xrs): the shutdown hooks still stop everything
            }
        }
    }
}
