package io.clipizy.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.FileHandler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * The launcher's own library logging (the Kafka admin client, through SLF4J to java.util.logging) goes to a file:
 * on the console it would tear through the progress display, and its retries while a broker starts are expected.
 */
final class LauncherLogging {
    /** Held so the level set on it is not lost: the log manager keeps loggers only weakly. */
    private static final Logger KAFKA = Logger.getLogger("org.apache.kafka");
    private LauncherLogging() {
    }

    static void toFile(Path file) {
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tF %1$tT,%1$tL %4$s [%3$s] %5$s%6$s%n");
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        try {
            Files.createDirectories(file.getParent());
            FileHandler handler = new FileHandler(file.toString(), true);
            handler.setFormatter(new SimpleFormatter());
            root.addHandler(handler);
        } catch (IOException e) {
            // no log file is no reason not to start: the records are dropped, the console stays clean
        }
        root.setLevel(Level.INFO);
        // the admin client prints its whole configuration at INFO each time it is created
        KAFKA.setLevel(Level.WARNING);
    }
}
