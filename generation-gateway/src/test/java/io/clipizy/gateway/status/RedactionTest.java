package io.clipizy.gateway.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class RedactionTest {
    @Test
    void credentialsAreScrubbedAndTheRestKept() {
        String scrubbed = Redaction.scrub("401 Unauthorized calling https://bob:pw@api.example/v1 "
                + "(Authorization: Bearer abc.def.ghi) api-key=sk-proj-1234567890abcdef token: 'xyz' secret=s3cr3t");
        for (String secret : new String[]{"bob:pw", "abc.def.ghi", "sk-proj-1234567890abcdef", "xyz", "s3cr3t"}) {
            assertFalse(scrubbed.contains(secret), secret + " leaked in " + scrubbed);
        }
        assertEquals("Connection refused: localhost:11434", Redaction.scrub("Connection refused: localhost:11434"));
        assertNull(Redaction.scrub(null));
    }
}
