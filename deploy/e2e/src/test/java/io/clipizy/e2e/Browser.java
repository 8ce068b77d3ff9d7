package io.clipizy.e2e;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.ViewportSize;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Debian's Chromium driven by Playwright for Java, for the browser tests: one browser per test class, a fresh
 * context (cookies, sessionStorage) per person, console errors and page errors of the web client collected, screenshots
 * written to {@code deploy/e2e/target/screenshots/<name>.png}. Playwright never downloads a browser here.
 */
final class Browser implements AutoCloseable {
    static final ViewportSize DESKTOP = new ViewportSize(1280, 800);
    static final ViewportSize PHONE = new ViewportSize(390, 844);
    private static final Map<String, String> ENV = Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
    private static final java.util.regex.Pattern STALE_MEDIA = java.util.regex.Pattern.compile(
            "^Failed to load resource: the server responded with a status of 404 \\(Not Found\\) @ " + LocalStack.API + "/api/media/[0-9a-f-]{36}/content:");

    private final Playwright playwright;
    private final com.microsoft.playwright.Browser chromium;

    private Browser(Playwright playwright, com.microsoft.playwright.Browser chromium) {
        this.playwright = playwright;
        this.chromium = chromium;
    }

    /** The Chromium of the system ({@code CLIPIZY_CHROMIUM}, default /usr/bin/chromium, which deploy/ensure-system-libraries.sh installs). */
    static Path executable() {
        Path path = Path.of(System.getenv().getOrDefault("CLIPIZY_CHROMIUM", "/usr/bin/chromium"));
        if (!Files.isExecutable(path)) {
            throw new IllegalStateException(path + " is missing: run `bash deploy/ensure-system-libraries.sh` (it installs Debian's chromium)");
        }
        return path;
    }

    static Browser launch() {
        Playwright playwright = Playwright.create(new Playwright.CreateOptions().setEnv(ENV));
        try {
            return new Browser(playwright, playwright.chromium().launch(new BrowserType.LaunchOptions()
                    .setExecutablePath(executable()).setHeadless(true)
                    .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                            "--disable-background-networking", "--disable-component-update", "--disable-sync",
                            "--autoplay-policy=no-user-gesture-required"))));
        } catch (RuntimeException e) {
            playwright.close();
            throw e;
        }
    }

    /** A new person at the keyboard: an empty context with its own page. */
    Person person(ViewportSize viewport) {
        BrowserContext context = chromium.newContext(new com.microsoft.playwright.Browser.NewContextOptions()
                .setViewportSize(viewport).setLocale("en-GB").setTimezoneId("UTC"));
        return new Person(context, context.newPage());
    }

    @Override
    public void close() {
        playwright.close();
    }

    /** One browser context: its page, what its console said, and the steps a person takes. */
    static final class Person implements AutoCloseable {
        final BrowserContext context;
        final Page page;
        private final List<String> errors = Collections.synchronizedList(new ArrayList<>());

        Person(BrowserContext context, Page page) {
            this.context = context;
            this.page = page;
            page.setDefaultTimeout(30_000);
            page.onConsoleMessage(m -> {
                // the web client's own console (Keycloak's pages are not ours to judge)
                String at = m.location() == null ? "" : m.location(); // "url:line:column"
                if ("error".equals(m.type()) && (at.startsWith(LocalStack.API) || at.startsWith(":") || at.isEmpty())) {
                    errors.add(m.text() + " @ " + m.location());
                }
            });
            page.onPageError(e -> errors.add("uncaught: " + e));
        }

        /** Opens the web client, signs in on Keycloak's real login page, and waits for the shell. */
        void signIn(String user, String password) {
            page.navigate(LocalStack.API + "/");
            page.waitForURL(url -> url.startsWith(LocalStack.ISSUER));
            page.locator("#username").fill(user);
            page.locator("#password").fill(password);
            page.locator("#kc-login").click();
            page.waitForURL(url -> url.startsWith(LocalStack.API + "/") && !url.contains("/callback"));
            page.locator("#header .user-name").waitFor();
        }

        /** A full-page PNG at deploy/e2e/target/screenshots/{name}.png. */
        Path screenshot(String name) {
            Path file = LocalStack.repositoryRoot().resolve("deploy/e2e/target/screenshots/" + name + ".png");
            page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true));
            return file;
        }

        /**
         * What the web client logged as errors (console errors and uncaught exceptions), less Chromium's own line for a
         * 404 answer to a media download: the stack's PostgreSQL is shared by every run, so a project's cover can name
         * an asset another test deleted (chat-service keeps coverMediaId after MediaDeleted), and the dashboard then
         * keeps its placeholder. Any other 4xx/5xx line, and every script error, still counts.
         */
        List<String> consoleErrors() {
            synchronized (errors) {
                return errors.stream().filter(e -> !STALE_MEDIA.matcher(e).find()).toList();
            }
        }

        @Override
        public void close() {
            context.close();
        }
    }
}
