package io.clipizy.chat.assistant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clipizy.chat.domain.ProjectType;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IntentParserTest {
    private static Map<String, Object> inputs(String text) {
        return IntentParser.parse(text, ProjectType.MUSIC_CLIP).inputs();
    }

    @Test
    void formatsAndQuality() {
        assertEquals("9:16", inputs("make it vertical for TikTok").get("aspectRatio"));
        assertEquals("9:16", inputs("9:16 please").get("aspectRatio"));
        assertEquals("1:1", inputs("a square version").get("aspectRatio"));
        assertEquals("16:9", inputs("widescreen, for YouTube").get("aspectRatio"));
        assertEquals("2160p", inputs("in 4K").get("resolution"));
        assertEquals("1080p", inputs("Make a cinematic music video for this song, 16:9, 1080p").get("resolution"));
        assertEquals("16:9", inputs("Make a cinematic music video for this song, 16:9, 1080p").get("aspectRatio"));
    }

    @Test
    void lengths() {
        assertEquals(90.0, inputs("90 seconds long").get("duration"));
        assertEquals(90.0, inputs("about 1:30").get("duration"));
        assertEquals(120.0, inputs("2 minutes").get("duration"));
        assertEquals(75.0, inputs("1 min 15 sec").get("duration"));
        assertFalse(inputs("16:9 please").containsKey("duration"), "an aspect ratio is not a length");
    }

    @Test
    void stylesScenesAndWorkflows() {
        assertEquals("cinematic", inputs("Make a cinematic music video").get("style"));
        assertEquals("vintage", inputs("something retro").get("style"));
        assertEquals("animated", inputs("cartoon vibes").get("style"));
        assertEquals(6, inputs("with six scenes").get("scenes"));
        assertEquals(8, inputs("8 scenes").get("scenes"));
        assertEquals("music-video.recurring-scenes", IntentParser.parse("a music video", ProjectType.MUSIC_CLIP).workflowId());
        assertEquals("music-video.looped-static", IntentParser.parse("one still image that pulses", ProjectType.MUSIC_CLIP).workflowId());
        assertEquals("music.generate-track", IntentParser.parse("generate a song about summer", ProjectType.MUSIC_CLIP).workflowId());
        assertEquals("business-ad.standard", IntentParser.parse("an ad for my bakery", ProjectType.VIDEO_EDIT).workflowId());
        assertEquals("video-clip.standard", IntentParser.parse("a clip about coffee", ProjectType.VIDEO_EDIT).workflowId());
    }

    @Test
    void whatTheMessageAsksFor() {
        assertTrue(IntentParser.parse("yes, go ahead", ProjectType.MUSIC_CLIP).start());
        assertTrue(IntentParser.parse("please cancel", ProjectType.MUSIC_CLIP).cancel());
        assertTrue(IntentParser.parse("how far along is it?", ProjectType.MUSIC_CLIP).progress());
        assertTrue(IntentParser.parse("looks good!", ProjectType.MUSIC_CLIP).approve());
        assertFalse(IntentParser.parse("make it darker", ProjectType.MUSIC_CLIP).approve());
    }
}
