package io.clipizy.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.SelectOption;
import com.microsoft.playwright.options.WaitForSelectorState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The gallery, credits, video jobs and settings screens in real Chromium on the whole local stack, with real data: a
 * video job made through the local engine from the browser (typed with the keyboard) appears, runs and succeeds, and
 * its MP4 and GIF download; a failed job is shown and deleted with "Delete failed jobs"; the gallery shows the
 * generated video with its thumbnail, previews and deletes it; credits show the balance the API reports, the history,
 * the usage chart and Stripe's absence as readable words; settings list the local provider and sign out; every screen
 * fits a phone. No console errors.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(SharedStack.class)
class WebScreensIT {
    private static final List<String> SCREENS = List.of("gallery", "credits", "jobs", "settings");
    private static Browser browser;
    private static WebScreensApi demo;
    private static String jobId;
    private static String generationId;

    @BeforeAll
    static void launch() throws Exception {
        demo = WebScreensApi.as("demo", "demo");
        browser = Browser.launch();
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    @Order(1)
    void aVideoJobMadeInTheBrowserSucceedsAndDownloadsAsMp4AndGif() throws Exception {
        try (Browser.Person me = browser.person(Browser.DESKTOP)) {
            Page page = me.page;
            me.signIn("demo", "demo");
            page.locator("#header a[data-nav='/jobs']").click();
            page.waitForURL(LocalStack.API + "/jobs");
            page.locator("h1", new Page.LocatorOptions().setHasText("Video jobs")).waitFor();
            assertEquals("Video jobs · Clipizy", page.title());

            // the whole form by keyboard: type, Tab from field to field, Enter on the button
            String prompt = "Lanterns drifting over a dark lake " + Instant.now().toEpochMilli();
            page.locator("#job-prompt").focus();
            page.keyboard().type(prompt);
            page.keyboard().press("Tab");
            assertEquals("job-variants", activeId(page));
            page.keyboard().press("Tab");
            assertEquals("job-seconds", activeId(page));
            page.keyboard().press("Control+A");
            page.keyboard().type("2");
            page.keyboard().press("Tab");
            assertEquals("job-size", activeId(page));
            page.locator("#job-size").selectOption("640x360");
            page.keyboard().press("Tab");
            if ("job-provider".equals(activeId(page))) {
                page.keyboard().press("Tab");
            }
            assertEquals("Create video job", page.evaluate("() => document.activeElement.textContent"));
            assertTrue(hasFocusRing(page), "the focused button shows a focus ring");
            page.keyboard().press("Enter");

            Locator card = page.locator("li.sc-job", new Page.LocatorOptions().setHasText(prompt));
            card.waitFor();
            jobId = card.getAttribute("data-job-id");
            assertNotNull(jobId);
            JsonNode created = demo.get("/api/v1/videos/jobs/" + jobId).ok();
            assertEquals(prompt, created.path("prompt").asText());
            assertEquals(2.0, created.path("n_seconds").asDouble());
            assertEquals(640, created.path("width").asInt());
            assertEquals(360, created.path("height").asInt());

            // it settles by itself on the page (events or polling), with no reload
            page.waitForFunction("id => { const c = document.querySelector(`li.sc-job[data-job-id=\"${id}\"]`);"
                            + " return c && ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(c.dataset.status); }", jobId,
                    new Page.WaitForFunctionOptions().setTimeout(240_000));
            assertEquals("SUCCEEDED", card.getAttribute("data-status"),
                    () -> card.innerText() + "\n" + LocalStack.serviceLog("generation-gateway", 40));
            assertEquals("Succeeded", card.locator("[data-testid=job-status]").innerText().strip());
            Locator generation = card.locator("li.sc-generation").first();
            generationId = generation.getAttribute("data-generation-id");
            assertEquals(demo.get("/api/v1/videos/jobs/" + jobId).ok().path("generations").get(0).path("id").asText(), generationId);
            me.screenshot("jobs-desktop");

            Download mp4 = page.waitForDownload(() -> generation.locator("button", new Locator.LocatorOptions().setHasText("MP4")).click());
            assertTrue(mp4.suggestedFilename().endsWith(".mp4"), mp4.suggestedFilename());
            byte[] video = Files.readAllBytes(mp4.path());
            assertTrue(video.length > 1000, "an MP4 of " + video.length + " bytes");
            assertEquals("ftyp", new String(video, 4, 4, StandardCharsets.US_ASCII));

            Download gif = page.waitForDownload(new Page.WaitForDownloadOptions().setTimeout(180_000),
                    () -> generation.locator("button", new Locator.LocatorOptions().setHasText("GIF")).click());
            assertTrue(gif.suggestedFilename().endsWith(".gif"), gif.suggestedFilename());
            byte[] picture = Files.readAllBytes(gif.path());
            assertEquals("GIF89a", new String(picture, 0, 6, StandardCharsets.US_ASCII));

            // played in a dialog, closed with Escape
            generation.locator("button", new Locator.LocatorOptions().setHasText("Play")).click();
            Locator player = page.locator("dialog[open] video");
            player.waitFor();
            page.waitForFunction("v => v.readyState >= 1 && v.duration > 1.5", player.elementHandle(),
                    new Page.WaitForFunctionOptions().setTimeout(30_000));
            page.keyboard().press("Escape");
            page.locator("dialog[open]").waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.DETACHED));
            assertEquals(List.of(), withoutMissingThumbnails(me.consoleErrors()), "no console errors");
        }
    }

    @Test
    @Order(2)
    void aFailedJobShowsWhyAndDeleteFailedJobsRemovesIt() throws Exception {
        // sora is a provider this stack has not configured: the job fails, and says so
        JsonNode job = demo.post("/api/v1/videos/jobs", Map.of("prompt", "A job for a provider that is not there",
                "n_seconds", 2, "width", 640, "height", 360, "provider", "sora")).ok();
        String failed = job.path("id").asText();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (!"FAILED".equals(job.path("status").asText()) && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
            job = demo.get("/api/v1/videos/jobs/" + failed).ok();
        }
        assertEquals("FAILED", job.path("status").asText(), job.toString());
        try (Browser.Person me = browser.person(Browser.DESKTOP)) {
            Page page = me.page;
            me.signIn("demo", "demo");
            page.navigate(LocalStack.API + "/jobs?status=FAILED");
            Locator card = page.locator("li.sc-job[data-job-id='" + failed + "']");
            card.waitFor();
            assertEquals("FAILED", card.getAttribute("data-status"));
            assertTrue(card.locator(".sc-alert-error").innerText().contains("not configured"), card.innerText());
            assertEquals("FAILED", page.locator("#jobs-status").inputValue());
            me.screenshot("jobs-failed-desktop");

            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Delete failed jobs")).click();
            Locator confirm = page.locator("dialog[open]");
            confirm.waitFor();
            // the safe choice has the focus; Escape would cancel
            assertEquals("Cancel", page.evaluate("() => document.activeElement.textContent"));
            confirm.locator("[data-testid=confirm-ok]").click();
            card.waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.DETACHED));
            page.locator(".toast", new Page.LocatorOptions().setHasText("failed job")).first().waitFor();
            assertEquals(404, demo.get("/api/v1/videos/jobs/" + failed).status());
            assertEquals(0, demo.get("/api/v1/videos/jobs?status=FAILED").ok().path("total").asInt());
            assertEquals(200, demo.get("/api/v1/videos/jobs/" + jobId).status(), "the job that succeeded is kept");
            assertEquals(List.of(), withoutMissingThumbnails(me.consoleErrors()), "no console errors");
        }
    }

    @Test
    @Order(3)
    void theGalleryShowsTheGeneratedVideoPreviewsAndDeletesIt() throws Exception {
        assertNotNull(generationId, "the first test made a video");
        try (Browser.Person me = browser.person(Browser.DESKTOP)) {
            Page page = me.page;
            me.signIn("demo", "demo");
            page.locator("#header a[data-nav='/gallery']").click();
            page.locator("h1", new Page.LocatorOptions().setHasText("Gallery")).waitFor();
            page.locator("button.chip[data-kind=videos]").click();
            assertEquals("true", page.locator("button.chip[data-kind=videos]").getAttribute("aria-pressed"));
            page.waitForURL(LocalStack.API + "/gallery?kind=videos");
            Locator item = page.locator("li.sc-media-card[data-media-id='" + generationId + "']");
            item.waitFor();
            assertEquals("video", item.getAttribute("data-kind"));
            assertEquals(0, page.locator("li.sc-media-card:not([data-kind=video])").count(), "only videos under Videos");

            // the thumbnail media-service made in the background
            Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
            while (item.locator(".sc-thumb img").count() == 0 && Instant.now().isBefore(deadline)) {
                page.waitForTimeout(3000);
                if (item.locator(".sc-thumb img").count() == 0) {
                    page.reload();
                    item.waitFor();
                }
            }
            Locator thumb = item.locator(".sc-thumb img");
            if (thumb.count() > 0) {
                page.waitForFunction("img => img.complete && img.naturalWidth > 0", thumb.elementHandle(),
                        new Page.WaitForFunctionOptions().setTimeout(30_000));
            } else {
                // media-service makes thumbnails in the background and may be behind (on a loaded machine it was): the
                // card keeps its icon only while the thumbnail is not made
                JsonNode derivatives = demo.get("/api/media/" + generationId + "/derivatives").ok();
                for (JsonNode d : derivatives) {
                    assertTrue(!"thumbnail".equals(d.path("role").asText()) || !"DONE".equals(d.path("status").asText()),
                            "a thumbnail that is made is shown: " + derivatives);
                }
                assertEquals(1, item.locator(".sc-thumb .sc-thumb-icon").count(), "the icon stands in for the thumbnail");
            }
            me.screenshot("gallery-desktop");
            page.setViewportSize(Browser.PHONE.width, Browser.PHONE.height);
            assertTrue(((Number) page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")).doubleValue() <= 0,
                    "the gallery fits a phone");
            me.screenshot("gallery-phone");
            page.setViewportSize(Browser.DESKTOP.width, Browser.DESKTOP.height);

            item.locator("button", new Locator.LocatorOptions().setHasText("Preview")).click();
            Locator player = page.locator("dialog[open] video");
            player.waitFor();
            page.waitForFunction("v => v.readyState >= 1 && v.duration > 1.5", player.elementHandle(),
                    new Page.WaitForFunctionOptions().setTimeout(30_000));
            me.screenshot("gallery-preview-desktop");
            page.keyboard().press("Escape");
            page.locator("dialog[open]").waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.DETACHED));

            Download file = page.waitForDownload(() -> item.locator("button", new Locator.LocatorOptions().setHasText("Download")).click());
            byte[] bytes = Files.readAllBytes(file.path());
            assertEquals("ftyp", new String(bytes, 4, 4, StandardCharsets.US_ASCII));

            // delete: asked first; Cancel keeps it, Delete removes it from the page and from media-service
            item.locator("button", new Locator.LocatorOptions().setHasText("Delete")).click();
            page.locator("dialog[open]").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Cancel")).click();
            assertTrue(item.isVisible(), "cancel keeps the item");
            assertEquals(200, demo.get("/api/media/" + generationId).status());
            item.locator("button", new Locator.LocatorOptions().setHasText("Delete")).click();
            page.locator("dialog[open] [data-testid=confirm-ok]").click();
            item.waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.DETACHED));
            assertEquals(404, demo.get("/api/media/" + generationId).status());
            page.reload();
            page.locator("h1", new Page.LocatorOptions().setHasText("Gallery")).waitFor();
            page.locator(".sc-gallery-body .sc-grid, .sc-gallery-body .empty-state").first().waitFor();
            assertEquals(0, page.locator("li.sc-media-card[data-media-id='" + generationId + "']").count(), "gone after a reload");
            assertEquals(List.of(), withoutMissingThumbnails(me.consoleErrors()), "no console errors");
        }
    }

    @Test
    @Order(4)
    void creditsShowTheBalanceTheHistoryTheUsageAndWhyACheckoutCannotStart() throws Exception {
        try (Browser.Person me = browser.person(Browser.DESKTOP)) {
            Page page = me.page;
            me.signIn("demo", "demo");
            page.locator("#header a[data-nav='/credits']").click();
            page.locator("h1", new Page.LocatorOptions().setHasText("Credits")).waitFor();
            long balance = demo.get("/api/credits/balance").ok().path("balance").asLong();
            assertEquals(balance, digits(page.locator("[data-testid=balance]").innerText()), "the balance the API reports");

            // the history, filtered by type: the welcome grant, and the video job's charge
            Locator table = page.locator("[data-testid=transactions]");
            table.waitFor();
            assertTrue(table.locator("tbody tr").count() > 0);
            page.locator("#tx-type").selectOption(new SelectOption().setValue("welcome_bonus"));
            page.waitForFunction("() => [...document.querySelectorAll('[data-testid=transactions] tbody tr')]"
                    + ".every(r => r.dataset.type === 'welcome_bonus')");
            assertEquals(1, table.locator("tbody tr").count());
            assertEquals("+60", table.locator("tbody tr td.num").first().innerText().strip());
            page.locator("#tx-type").selectOption(new SelectOption().setValue("captured"));
            page.waitForFunction("() => { const rows = [...document.querySelectorAll('[data-testid=transactions] tbody tr')];"
                    + " return rows.length > 0 && rows.every(r => r.dataset.type === 'captured'); }");
            // a capture settles a reservation (a change of 0); the reservation itself took the credits
            page.locator("#tx-type").selectOption(new SelectOption().setValue("reserved"));
            page.waitForFunction("() => { const rows = [...document.querySelectorAll('[data-testid=transactions] tbody tr')];"
                    + " return rows.length > 0 && rows.every(r => r.dataset.type === 'reserved'); }");
            assertTrue(table.locator("tbody tr td.sc-negative").count() > 0, "reservations are shown as negative changes");

            // the usage chart: today's spending (the video job) as bars, the same total as the API's
            JsonNode usage = demo.get("/api/billing/usage?days=30").ok();
            assertTrue(usage.path("creditsSpent").asLong() > 0, usage.toString());
            Locator chart = page.locator("svg[data-testid=usage-chart]");
            chart.waitFor();
            assertTrue(chart.locator("rect").count() > 0, "bars are drawn");
            assertTrue(chart.getAttribute("aria-label").contains(usage.path("creditsSpent").asText() + " in all"),
                    chart.getAttribute("aria-label"));

            // packs from the catalogue; Stripe is not configured locally, and the page says so in words
            JsonNode catalog = demo.get("/api/billing/catalog").ok();
            page.locator("li.sc-offer").first().waitFor();
            assertEquals(catalog.path("packs").size() + catalog.path("plans").size(), page.locator("li.sc-offer").count());
            String pack = catalog.path("packs").get(0).path("name").asText();
            me.screenshot("credits-desktop");
            page.locator("button[data-offer='" + pack + "']").click();
            Locator problem = page.locator("[data-testid=checkout-error]");
            problem.waitFor();
            assertTrue(problem.innerText().contains("Payments are not configured on this installation"), problem.innerText());
            assertEquals(LocalStack.API + "/credits", page.url(), "no redirect without a checkout");
            me.screenshot("credits-checkout-unavailable-desktop");

            // where Stripe sends a buyer back (billing's cancel URL): a readable note, and the address tidied
            page.navigate(LocalStack.API + "/credits?checkout=cancelled");
            Locator back = page.locator("[data-testid=checkout-return]");
            back.waitFor();
            assertTrue(back.innerText().contains("Checkout cancelled"), back.innerText());
            assertEquals(LocalStack.API + "/credits", page.url(), "the checkout outcome is taken off the address");
            assertEquals(List.of(), withoutRefused(withoutMissingThumbnails(me.consoleErrors()), 503, "/api/billing/checkout"), "no console errors");
        }
    }

    @Test
    @Order(5)
    void settingsListTheLocalProviderAndSignOut() {
        try (Browser.Person me = browser.person(Browser.DESKTOP)) {
            Page page = me.page;
            me.signIn("demo", "demo");
            page.locator("#header a[data-nav='/settings']").click();
            page.locator("h1", new Page.LocatorOptions().setHasText("Settings")).waitFor();
            Locator local = page.locator("li.sc-provider[data-provider=local]");
            local.waitFor();
            assertTrue(local.innerText().contains("Reachable"), local.innerText());
            assertTrue(local.innerText().contains("Video generation"), local.innerText());
            assertTrue(page.locator("[data-testid=account]").innerText().contains("demo"));
            me.screenshot("settings-desktop");
            assertEquals(List.of(), withoutMissingThumbnails(me.consoleErrors()), "no console errors");

            page.locator("main").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Sign out")).click();
            page.waitForURL(url -> url.startsWith(LocalStack.ISSUER));
            page.locator("#username").waitFor();
        }
    }

    @Test
    @Order(6)
    void everyScreenFitsAPhone() {
        try (Browser.Person me = browser.person(Browser.PHONE)) {
            Page page = me.page;
            me.signIn("demo", "demo");
            for (String screen : SCREENS) {
                page.navigate(LocalStack.API + "/" + screen);
                page.locator("main h1").first().waitFor();
                page.waitForFunction("() => document.querySelector('main').getAttribute('aria-busy') === 'false'"
                        + " && !document.querySelector('main .spinner')", null, new Page.WaitForFunctionOptions().setTimeout(30_000));
                double overflow = ((Number) page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")).doubleValue();
                assertTrue(overflow <= 0, screen + ": nothing is wider than the phone's screen (" + overflow + " px too wide)");
                // the gallery's phone shot with the video in it is taken before the video is deleted
                me.screenshot("gallery".equals(screen) ? "gallery-after-delete-phone" : screen + "-phone");
            }
            assertEquals(List.of(), withoutMissingThumbnails(me.consoleErrors()), "no console errors");
        }
    }

    private static String activeId(Page page) {
        return (String) page.evaluate("() => document.activeElement && document.activeElement.id");
    }

    private static boolean hasFocusRing(Page page) {
        return (Boolean) page.evaluate("() => { const s = getComputedStyle(document.activeElement);"
                + " return s.boxShadow !== 'none' || (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0); }");
    }

    private static long digits(String text) {
        return Long.parseLong(text.replaceAll("[^0-9-]", ""));
    }

    /**
     * Every stack of this machine shares one PostgreSQL while each keeps its S3 objects in its own directory, so the
     * gallery may list media (and thumbnails) whose bytes live in another stack's storage: media answers 404 "content
     * is missing from storage", the card keeps its icon, and the browser logs the 404 itself. Those lines are taken out;
     * any other error stays. (A single stack, as in CI, has none.)
     */
    private static List<String> withoutMissingThumbnails(List<String> errors) {
        return errors.stream().filter(e -> !(e.contains("status of 404") && e.matches("(?s).*/api/media/[0-9a-f-]{36}/content.*")))
                .toList();
    }

    /** The console lines left once the browser's own report of one expected refusal (status, path) is taken out. */
    private static List<String> withoutRefused(List<String> errors, int status, String path) {
        return errors.stream().filter(e -> !(e.contains("status of " + status) && e.contains(path))).toList();
    }
}
