package io.clipizy.local;

import io.clipizy.infra.ChildProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** How the stack starts its child processes. */
final class Children {
    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private Children() {
    }

    /**
     * Starts a child in a session of its own. Ctrl-C in a terminal signals the whole foreground process group; without
     * this every server would get SIGINT at the same moment as the launcher, and the launcher could not stop them in
     * order (services before the infrastructure they flush to). setsid execs in place (the child is no group
     * leader), so the pid stays the one we watch; {@code --wait} covers the case where it has to fork.
     */
    static ChildProcess start(String name, List<String> command, Map<String, String> env, Path workDir, Path log) {
        List<String> cmd = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            cmd.add(SETSID.toString());
            cmd.add("--wait");
        }
        cmd.addAll(command);
        return ChildProcess.start(name, cmd, env, workDir, log);
    }
}
