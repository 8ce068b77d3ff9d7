package io.clipizy.gateway.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SafeFilenamesTest {
    @Test
    void longPromptsAreCutAtAWordAndNamesNeverTraverse() {
        String name = SafeFilenames.generate("A very long prompt about a tiny robot exploring an enormous abandoned "
                + "greenhouse full of glowing plants at night", "gen_abc123XYZ", "webm");
        assertTrue(name.endsWith("-genabc12.webm"), name);
        assertTrue(name.length() <= SafeFilenames.MAX_SLUG + ".webm".length() + 9, name);
        assertFalse(name.contains("--"), name);
        assertEquals("video.mp4", SafeFilenames.generate("!!!", null, "mp4"));
        assertEquals("etc-passwd.gif", SafeFilenames.generate("/etc/passwd\u0000", "", "gif"));
        assertNull(SafeFilenames.extension("../mp4"));
        assertNull(SafeFilenames.extension("exe"));
        assertEquals("jpg", SafeFilenames.extension(".JPG"));
    }

    @Test
    void jobStatusFollowsItsVariants() {
        java.util.List<io.clipizy.contracts.event.TaskStatus> s = java.util.List.of(
                io.clipizy.contracts.event.TaskStatus.SUCCEEDED, io.clipizy.contracts.event.TaskStatus.QUEUED);
        assertEquals(io.clipizy.contracts.event.TaskStatus.RUNNING, JobStatus.of(s));
        assertEquals(io.clipizy.contracts.event.TaskStatus.SUCCEEDED, JobStatus.of(java.util.List.of(
                io.clipizy.contracts.event.TaskStatus.SUCCEEDED, io.clipizy.contracts.event.TaskStatus.FAILED)));
        assertEquals(io.clipizy.contracts.event.TaskStatus.FAILED, JobStatus.of(java.util.List.of(
                io.clipizy.contracts.event.TaskStatus.CANCELLED, io.clipizy.contracts.event.TaskStatus.FAILED)));
        assertEquals(io.clipizy.contracts.event.TaskStatus.QUEUED, JobStatus.of(java.util.List.of(
                io.clipizy.contracts.event.TaskStatus.QUEUED)));
    }
}
