package io.clipizy.media.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.clipizy.contracts.event.MediaKind;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Client file names are made harmless; storage keys keep each owner in one path segment. */
class FileNamesAndKeysTest {

    @Test
    void fileNamesLoseTheirPathsControlCharactersAndLeadingDots() {
        assertEquals("song.mp3", FileNames.sanitize("C:\\Users\\me\\song.mp3"));
        assertEquals("passwd", FileNames.sanitize("../../etc/passwd"));
        assertEquals("a_b_.png", FileNames.sanitize("a\"b\r.png"));
        assertEquals("hidden", FileNames.sanitize("...hidden"));
        assertEquals("été à Paris.wav", FileNames.sanitize("  e\u0301te\u0301   à Paris.wav "));
        assertNull(FileNames.sanitize("/"));
        assertNull(FileNames.sanitize(null));
        String longName = "x".repeat(300) + ".flac";
        String kept = FileNames.sanitize(longName);
        assertEquals(200, kept.length());
        assertEquals(".flac", kept.substring(kept.length() - 5));
    }

    @Test
    void storageKeysFollowTheLayoutAndEncodeOddOwners() {
        UUID id = UUID.fromString("00000000-0000-0000-0000-000000000001");
        UUID project = UUID.fromString("00000000-0000-0000-0000-0000000000aa");
        assertEquals("users/alice/projects/" + project + "/image/" + id + ".png",
                StorageKeys.of("alice", project, MediaKind.IMAGE, id, "png"));
        assertEquals("users/a%2Fb%20c/projects/none/audio/" + id + ".wav",
                StorageKeys.of("a/b c", null, MediaKind.AUDIO, id, "wav"));
        assertEquals("%2E%2E", StorageKeys.segment(".."));
        assertEquals("f.last", StorageKeys.segment("f.last"));
    }
}
