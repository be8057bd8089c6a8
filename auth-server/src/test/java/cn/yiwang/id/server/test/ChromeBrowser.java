package cn.yiwang.id.server.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real browser for page tests: Debian's Chromium driven by its ChromeDriver through Selenium,
 * headless, with a fresh profile. Register it as a JUnit extension ({@code @RegisterExtension}) so a
 * failed test leaves a screenshot and the page source under {@code target/browser-failures/}.
 *
 * <p>The packages are {@code chromium} and {@code chromium-driver} ({@code .ci/run} installs them);
 * when they are missing the test fails saying so, rather than Selenium trying to download a browser.
 */
public final class ChromeBrowser implements TestWatcher, AutoCloseable {

    private static final Path CHROMIUM = Path.of(System.getProperty("yiwang.test.chromium", "/usr/bin/chromium"));

    private static final Path CHROMEDRIVER =
            Path.of(System.getProperty("yiwang.test.chromedriver", "/usr/bin/chromedriver"));

    private static final Path FAILURES = Path.of("target", "browser-failures");

    private final Path profile;

    private final ChromeDriver driver;

    /** A desktop-sized window. */
    public ChromeBrowser() {
        this(1280, 900);
    }

    /** A window of the given size (375 wide for a phone). */
    public ChromeBrowser(int width, int height) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("Browser tests need Debian's chromium and chromium-driver packages ("
                    + CHROMIUM + ", " + CHROMEDRIVER + "): apt-get install -y chromium chromium-driver");
        }
        try {
            this.profile = Files.createTempDirectory("yiwang-chromium-");
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // The machine's network is closed: without these flags Chromium keeps trying to reach Google.
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--window-size=" + width + "," + height,
                "--user-data-dir=" + this.profile,
                // a citizen's browser: pages follow Accept-Language, so ask for Chinese as most do
                "--lang=zh-CN");
        options.setExperimentalOption("prefs", java.util.Map.of("intl.accept_languages", "zh-CN,zh"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        this.driver = new ChromeDriver(service, options);
        this.driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    public WebDriver driver() {
        return this.driver;
    }

    /**
     * Waits up to 10 s for a condition on the page (never a fixed sleep); a condition that read an element of a page
     * being replaced is asked again.
     */
    public <T> T await(Function<WebDriver, T> condition) {
        return new WebDriverWait(this.driver, Duration.ofSeconds(10))
                .ignoring(StaleElementReferenceException.class)
                .until(condition);
    }

    /** Saves a screenshot and the page source, named after the test. */
    public void saveEvidence(String name) {
        try {
            Files.createDirectories(FAILURES);
            String safe = name.replaceAll("[^A-Za-z0-9._-]", "_");
            Files.write(FAILURES.resolve(safe + ".png"), this.driver.getScreenshotAs(OutputType.BYTES));
            Files.writeString(
                    FAILURES.resolve(safe + ".html"),
                    String.valueOf(this.driver.getPageSource()),
                    StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException ex) {
            System.err.println("Could not save browser evidence for " + name + ": " + ex);
        }
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        saveEvidence(context.getRequiredTestClass().getSimpleName() + "." + context.getDisplayName());
    }

    /** Screenshot of the current page, for documentation images. */
    public byte[] screenshot() {
        return ((TakesScreenshot) this.driver).getScreenshotAs(OutputType.BYTES);
    }

    @Override
    public void close() {
        try {
            this.driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(this.profile)) {
                files.sorted(Comparator.reverseOrder())
                        .forEach((p) -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temporary profile left behind is harmless
            }
        }
    }
}
