package io.clipizy.gateway.provider.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipizy.contracts.JsonCodec;
import io.clipizy.contracts.event.ErrorCode;
import io.clipizy.gateway.provider.ProviderException;
import org.junit.jupiter.api.Test;

/** The five prompt templates render with the variables the workflows send, and the syntax stays small and safe. */
class PromptTemplatesTest {
    private final PromptTemplates templates = new PromptTemplates();

    static JsonNode vars(String json) {
        return JsonCodec.decode(json, JsonNode.class);
    }

    @Test
    void everyTemplateRendersWithWhatItsWorkflowSends() {
        PromptTemplates.Rendered scenes = templates.render("scene-prompts", vars("{\"plan\":{\"duration\":184.2,\"tempo\":122,"
                + "\"scenes\":[{\"index\":0,\"section\":\"A\",\"start\":0,\"end\":21.4,\"energy\":0.31,\"prompt\":\"opening shot\"}]},"
                + "\"style\":\"cinematic\",\"description\":\"a lighthouse keeper's last night\"}"));
        assertTrue(scenes.system().contains("art director"));
        assertTrue(scenes.user().contains("The video: a lighthouse keeper's last night"));
        assertTrue(scenes.user().contains("{\"duration\":184.2,\"tempo\":122"), scenes.user());

        PromptTemplates.Rendered ad = templates.render("ad-script", vars(
                "{\"brief\":\"Oat milk for baristas\",\"brand\":\"Oatly Pro\",\"cta\":\"Order a sample\",\"duration\":20.0}"));
        assertTrue(ad.user().contains("Length of the ad: 20 seconds"), "numbers read plainly: " + ad.user());
        assertTrue(ad.user().contains("\"Oatly Pro\""));

        PromptTemplates.Rendered sung = templates.render("lyrics", vars("{\"description\":\"summer love\",\"mood\":\"upbeat\",\"wanted\":true}"));
        assertTrue(sung.user().contains("[Verse 1]") && !sung.user().contains("[Instrumental]"), sung.user());
        PromptTemplates.Rendered instrumental = templates.render("lyrics", vars("{\"description\":\"summer love\",\"mood\":\"upbeat\",\"wanted\":false}"));
        assertTrue(instrumental.user().contains("\"[Instrumental]\"") && !instrumental.user().contains("[Verse 1]"), instrumental.user());

        PromptTemplates.Rendered social = templates.render("social-copy", vars("{\"description\":\"a bakery at dawn\",\"platforms\":[\"tiktok\",\"square\"]}"));
        assertTrue(social.user().contains("Platforms to write for: [\"tiktok\",\"square\"]"), social.user());

        PromptTemplates.Rendered script = templates.render("video-script", vars(
                "{\"description\":\"how espresso is made\",\"scenes\":5,\"duration\":30,\"style\":\"realistic\"}"));
        assertTrue(script.user().contains("Exactly 5 scenes") && script.user().contains("Length: 30 seconds"), script.user());
        for (PromptTemplates.Rendered r : new PromptTemplates.Rendered[] {scenes, ad, sung, instrumental, social, script}) {
            assertFalse(r.user().contains("{{") || r.system().contains("{{"), "no tag left: " + r);
            assertTrue(r.user().contains("Answer with one JSON object and nothing else"));
        }
    }

    @Test
    void valuesAreNeverReadAsTemplateText() {
        PromptTemplates.Rendered r = templates.render("social-copy", vars("{\"description\":\"{{platforms}} and {{#x}}\",\"platforms\":[]}"));
        assertTrue(r.user().contains("What the video is about: {{platforms}} and {{#x}}"), r.user());
    }

    @Test
    void missingVariablesAndUnknownTemplatesAreInvalidInput() {
        ProviderException e = assertThrows(ProviderException.class,
                () -> templates.render("lyrics", vars("{\"description\":\"x\",\"mood\":\"dark\"}")));
        assertEquals(ErrorCode.INVALID_INPUT, e.code());
        assertTrue(e.getMessage().contains("'wanted'"), e.getMessage());
        assertEquals(ErrorCode.INVALID_INPUT, assertThrows(ProviderException.class,
                () -> templates.render("Lyrics/../../etc", vars("{}"))).code());
        assertEquals(ErrorCode.INVALID_INPUT, assertThrows(ProviderException.class,
                () -> templates.render("storyboard", vars("{}"))).code());
    }

    @Test
    void sectionsPathsAndNullsFollowTheSmallSyntax() {
        JsonNode v = vars("{\"a\":{\"b\":\"deep\"},\"empty\":\"\",\"none\":null,\"list\":[1,2],\"n\":2.50}");
        assertEquals("deep|(not given)|[1,2]|2.5|yes|no",
                PromptTemplates.renderText("t", "{{a.b}}|{{none}}|{{list}}|{{ n }}|{{#list}}yes{{/list}}{{#empty}}shown{{/empty}}|{{^none}}no{{/none}}", v));
        assertThrows(ProviderException.class, () -> PromptTemplates.renderText("t", "{{a.c}}", v));
    }
}
