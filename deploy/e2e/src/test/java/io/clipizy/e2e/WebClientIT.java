package io.clipizy.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.clipizy.infra.FfmpegTools;
import io.clipizy.local.Demo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The web client in real Chromium against the whole local stack: sign in on Keycloak's login page, create a
 * music-clip project, upload a song, talk to the assistant through its controls until the video is made (watching the
 * live progress), play it; another person gets a not-found screen for the project; no console errors.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(SharedStack.class)
class WebClientIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PROJECT_URL = Pattern.compile("/projects/([0-9a-f-]{36})$");
    private static Browser browser;
    private static Path song;
    private static double songSeconds;
    private static String projectPath;

    @BeforeAll
    static void songAndBrowser() throws Exception {
        Path dir = LocalStack.repositoryRoot().resolve("deploy/e2e/target/e2e-output");
        Files.createDirectories(dir);
        song = dir.resolve("web-client-song.mp3");
        // a song made by the product's own music generator (this also tops up demo's credits for the video)
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        new Demo(LocalStack.API, LocalStack.ISSUER, dir, new PrintStream(log, true, StandardCharsets.UTF_8), () -> false)
                .composeToFile(30, song);
        songSeconds = duration(song);
        browser = Browser.launch();
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    @Order(1)
    void aPersonMakesAMusicVideoInTheBrowser() throws Exception {
        try (Browser.Person me = browser.person(Browser.DESKTOP)) {
            Page page = me.page;
            me.signIn("demo", "demo");
            assertTrue(!page.locator("#header .user-name").textContent().isBlank(), "the header names the person");
            page.locator("h1", new Page.LocatorOptions().setHasText("Your projects")).waitFor();
            page.waitForFunction("() => /\\d[\\d,.]* credits/.test(document.querySelector('.balance').textContent)");
            me.screenshot("dashboard-desktop");

            // a new music clip
            page.locator("button[data-kind=music-clip]").click();
            Locator dialog = page.locator("dialog.create-dialog");
            String name = "Browser music video " + Instant.now().toEpochMilli();
            dialog.locator("input[name=name]").fill(name);
            dialog.locator("button[type=submit]").click();
            page.waitForURL(url -> PROJECT_URL.matcher(url).find());
            Matcher m = PROJECT_URL.matcher(page.url());
            assertTrue(m.find());
            projectPath = "/projects/" + m.group(1);
            page.locator(".project h1", new Page.LocatorOptions().setHasText(name)).waitFor();

            // the song, uploaded with the composer's file input, and the request
            page.locator("#composer-file").setInputFiles(song);
            page.locator(".pending-files .badge").waitFor(new Locator.WaitForOptions().setTimeout(60_000));
            page.locator("#composer-text").fill("Make a cinematic music video for this song, 16:9, 1080p");
            page.locator(".composer button[type=submit]").click();
            page.locator("li.message[data-role=user] .audio-view").first().waitFor(new Locator.WaitForOptions().setTimeout(60_000));

            converse(me);

            // the finished video plays in the page and lasts as long as the song
            Locator video = page.locator("li.message .video-view video").last();
            video.waitFor(new Locator.WaitForOptions().setTimeout(60_000));
            page.waitForFunction("v => v.readyState >= 1 && Number.isFinite(v.duration) && v.duration > 0", video.elementHandle(),
                    new Page.WaitForFunctionOptions().setTimeout(60_000));
            double seconds = ((Number) video.evaluate("v => v.duration")).doubleValue();
            assertEquals(songSeconds, seconds, 0.25, "the video lasts as long as the song");
            video.evaluate("v => { v.muted = true; return v.play(); }");
            page.waitForFunction("v => v.currentTime > 0.5 && v.readyState >= 2", video.elementHandle(),
                    new Page.WaitForFunctionOptions().setTimeout(30_000));
            assertTrue(((Number) video.evaluate("v => v.readyState")).intValue() >= 2, "the video is playing");
            video.evaluate("v => v.pause()");
            assertTrue(page.locator(".video-view button", new Page.LocatorOptions().setHasText("Download")).isVisible());

            // the song shows its waveform with the analysis' beats and sections drawn on it
            page.waitForFunction("() => [...document.querySelectorAll('.audio-view')].some(a => Number(a.dataset.beats) > 0 && Number(a.dataset.sections) > 0)",
                    null, new Page.WaitForFunctionOptions().setTimeout(30_000));
            assertEquals("SUCCEEDED", page.locator(".progress-panel").getAttribute("data-run-status"));
            assertTrue(page.locator(".step[data-status=SUCCEEDED]").count() >= 3, "the progress panel shows the steps done");
            me.screenshot("project-finished-desktop");
            assertEquals(List.of(), me.consoleErrors(), "no console errors");
        }
    }

    /** Answers the assistant's controls as a person would until the run is finished. */
    private static void converse(Browser.Person me) throws Exception {
        Page page = me.page;
        Set<String> answered = new HashSet<>();
        List<String> said = new ArrayList<>();
        boolean sawEstimate = false;
        boolean sawLiveProgress = false;
        boolean progressShot = false;
        Instant deadline = Instant.now().plus(Duration.ofMinutes(12));
        while (Instant.now().isBefore(deadline)) {
            String runStatus = page.locator(".progress-panel").getAttribute("data-run-status");
            if (runStatus != null && !progressShot && "RUNNING".equals(runStatus) && page.locator(".step").count() > 2) {
                me.screenshot("project-progress-desktop");
                progressShot = true;
            }
            if (page.locator(".step[data-status=RUNNING]").count() > 0) {
                sawLiveProgress = true;
            }
            if ("SUCCEEDED".equals(runStatus) && page.locator("li.message .video-view video").count() > 0) {
                assertTrue(sawEstimate, "the credit estimate was shown before the start: " + said);
                assertTrue(sawLiveProgress, "steps were seen running live");
                return;
            }
            if ("FAILED".equals(runStatus) || "CANCELLED".equals(runStatus)) {
                throw new AssertionError("the run ended " + runStatus + "; the chat said: " + page.locator(".messages").innerText()
                        + "\n" + LocalStack.serviceLog("workflow-service", 40));
            }
            Locator last = page.locator("li.message").last();
            String id = last.getAttribute("data-message-id");
            Locator actions = last.locator("fieldset.actions:not([disabled])");
            if (id != null && !answered.contains(id) && "assistant".equals(last.getAttribute("data-role")) && actions.count() > 0) {
                said.add(last.locator(".text").innerText());
                answered.add(id);
                if (actions.locator("button[data-name=start]").count() > 0) {
                    Locator estimate = actions.locator(".estimate");
                    sawEstimate = estimate.count() > 0 && Integer.parseInt(estimate.getAttribute("data-credits")) > 0;
                    me.screenshot("project-estimate-desktop");
                    actions.locator("button[data-name=start]").click();
                } else if (actions.locator("button[data-answer=approve]").count() > 0) {
                    actions.locator("button[data-answer=approve]").click();
                } else if (actions.locator("button[data-answer=choose]").count() > 0) {
                    actions.locator("button[data-answer=choose]").first().click();
                } else if (actions.locator("select[data-field]").count() > 0) {
                    Locator select = actions.locator("select[data-field]").first();
                    List<String> labels = select.locator("option").allInnerTexts();
                    String pick = labels.get(0);
                    for (String preferred : List.of("cinematic", "16:9", "1080p", "crossfade", "Yes")) {
                        if (labels.contains(preferred)) {
                            pick = preferred;
                            break;
                        }
                    }
                    select.selectOption(new com.microsoft.playwright.options.SelectOption().setLabel(pick));
                    select.locator("xpath=ancestor::form").locator("button[type=submit]").click();
                } else if (actions.locator("input[type=number][data-field]").count() > 0) {
                    Locator input = actions.locator("input[type=number][data-field]").first();
                    String field = input.getAttribute("data-field").toLowerCase(Locale.ROOT);
                    double value = field.contains("duration") ? Math.round(songSeconds) : 6;
                    String min = input.getAttribute("min");
                    String max = input.getAttribute("max");
                    value = Math.max(min == null ? value : Double.parseDouble(min), Math.min(max == null ? value : Double.parseDouble(max), value));
                    input.fill(String.valueOf((long) value));
                    input.locator("xpath=ancestor::form").locator("button[type=submit]").click();
                } else if (actions.locator(".chips .chip").count() > 0) {
                    actions.locator(".chips .chip").first().click();
                    actions.locator(".chips").locator("xpath=following-sibling::form").locator("button[type=submit]").click();
                } else if (actions.locator("input[type=file]").count() > 0) {
                    actions.locator("input[type=file]").first().setInputFiles(song);
                } else if (actions.locator("textarea[data-field]").count() > 0) {
                    Locator area = actions.locator("textarea[data-field]").first();
                    area.fill("A night drive through a neon city, rain on the windows, the lights pulsing with the beat");
                    area.locator("xpath=ancestor::form").locator("button[type=submit]").click();
                } else {
                    answered.remove(id);
                }
            }
            page.waitForTimeout(1000);
        }
        throw new AssertionError("no finished video within 12 minutes; the assistant said: " + said);
    }

    @Test
    @Order(2)
    void theProjectOnAPhone() {
        assertNotNull(projectPath, "the first test made a project");
        try (Browser.Person me = browser.person(Browser.PHONE)) {
            me.signIn("demo", "demo");
            me.page.locator(".project-card").first().waitFor();
            me.screenshot("dashboard-phone");
            me.page.navigate(LocalStack.API + projectPath);
            me.page.locator("li.message .video-view video").last().waitFor(new Locator.WaitForOptions().setTimeout(60_000));
            me.page.waitForFunction("() => [...document.querySelectorAll('.audio-view')].some(a => Number(a.dataset.beats) > 0)",
                    null, new Page.WaitForFunctionOptions().setTimeout(30_000));
            double overflow = ((Number) me.page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")).doubleValue();
            assertTrue(overflow <= 0, "nothing is wider than the phone's screen (" + overflow + " px too wide)");
            me.screenshot("project-phone");
            assertEquals(List.of(), me.consoleErrors(), "no console errors");
        }
    }

    @Test
    @Order(3)
    void anotherPersonSeesNotFound() {
        assertNotNull(projectPath, "the first test made a project");
        try (Browser.Person other = browser.person(Browser.DESKTOP)) {
            other.signIn("demo2", "demo2");
            other.page.navigate(LocalStack.API + projectPath);
            other.page.locator("[data-testid=not-found]").waitFor();
            assertEquals("Project not found", other.page.locator("[data-testid=not-found] h1").innerText().strip());
            assertEquals(0, other.page.locator("li.message").count(), "none of the first person's conversation shows");
            other.screenshot("project-not-found-desktop");
            // Chromium logs every 4xx answer to a fetch as a console error; the 404 for the project is the expected
            // answer, and nothing else may be there
            String expected = "Failed to load resource: the server responded with a status of 404 (Not Found) @ "
                    + LocalStack.API + "/api" + projectPath;
            assertEquals(List.of(), other.consoleErrors().stream().filter(e -> !e.startsWith(expected)).toList(), "no other console errors");
            assertTrue(other.consoleErrors().stream().anyMatch(e -> e.startsWith(expected)), "the project answered 404: " + other.consoleErrors());
        }
    }

    private static double duration(Path file) throws Exception {
        FfmpegTools ffmpeg = FfmpegTools.extract(FfmpegTools.defaultCache());
        ProcessBuilder b = new ProcessBuilder(ffmpeg.ffprobe().toString(), "-v", "error", "-show_entries", "format=duration", "-of", "json",
                file.toString()).redirectErrorStream(true);
        b.environment().put("LD_LIBRARY_PATH", ffmpeg.libraryDir().toString());
        Process p = b.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, out);
        JsonNode json = JSON.readTree(out);
        return json.path("format").path("duration").asDouble();
    }
}
