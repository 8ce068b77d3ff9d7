package io.clipizy.media.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Range headers resolved against a 100-byte object: served, ignored, or unsatisfiable. */
class ByteRangeTest {

    @Test
    void singleRangesAreResolvedAndClampedToTheEnd() {
        assertEquals(new ByteRange(0, 9), ByteRange.parse("bytes=0-9", 100));
        assertEquals(new ByteRange(90, 99), ByteRange.parse("bytes=90-", 100));
        assertEquals(new ByteRange(95, 99), ByteRange.parse("bytes=-5", 100));
        assertEquals(new ByteRange(0, 99), ByteRange.parse("bytes=-500", 100));
        assertEquals(new ByteRange(50, 99), ByteRange.parse(" Bytes=50-1000 ", 100));
        assertEquals("bytes 50-99/100", new ByteRange(50, 99).contentRange(100));
        assertEquals(50, new ByteRange(50, 99).length());
    }

    @Test
    void whatWeDoNotServeIsIgnoredSoTheWholeObjectIsSent() {
        assertNull(ByteRange.parse(null, 100));
        assertNull(ByteRange.parse("items=0-9", 100));
        assertNull(ByteRange.parse("bytes=0-9,20-29", 100));
        assertNull(ByteRange.parse("bytes=9-0", 100));
        assertNull(ByteRange.parse("bytes=abc-5", 100));
        assertNull(ByteRange.parse("bytes=-", 100));
        assertNull(ByteRange.parse("bytes=99999999999999999999-", 100));
    }

    @Test
    void aRangePastTheEndCannotBeSatisfied() {
        assertEquals(100, assertThrows(ByteRange.UnsatisfiableRangeException.class,
                () -> ByteRange.parse("bytes=100-", 100)).size());
        assertThrows(ByteRange.UnsatisfiableRangeException.class, () -> ByteRange.parse("bytes=-0", 100));
        assertThrows(ByteRange.UnsatisfiableRangeException.class, () -> ByteRange.parse("bytes=-5", 0));
    }
}
