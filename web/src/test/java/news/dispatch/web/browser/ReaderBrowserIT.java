package news.dispatch.web.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import news.dispatch.core.article.Article;
import news.dispatch.core.article.Articles;
import news.dispatch.core.article.NewArticle;
import news.dispatch.core.link.LinkPurpose;
import news.dispatch.core.subscriber.EmailAddress;
import news.dispatch.core.subscriber.Frequency;
import news.dispatch.core.subscriber.Preferences;
import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.core.subscriber.SubscriberStatus;
import news.dispatch.core.subscriber.Subscribers;
import news.dispatch.core.tag.Tag;
import news.dispatch.core.tag.TagKey;
import news.dispatch.core.tag.Tags;
import news.dispatch.mailer.sandbox.CapturedEmail;
import news.dispatch.mailer.sandbox.SandboxSmtp;
import news.dispatch.scheduler.digest.Digests;
import news.dispatch.web.DispatchTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A reader's sign-up, confirmation and unsubscribe through the pages in a real browser, the links read from the mail
 * the sandbox caught.
 */
@DispatchTest
class ReaderBrowserIT {

    @RegisterExtension
    static final Chromium chromium = new Chromium();

    @LocalServerPort
    int port;

    @Autowired
    SandboxSmtp sandbox;

    @Autowired
    Subscribers subscribers;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Articles articles;

    @Autowired
    Tags tags;

    @Autowired
    Digests digests;

    @Test
    void aReaderSignsUpConfirmsAndUnsubscribesOnPagesThatPassAxe() throws IOException {
        Axe axe = Axe.load();
        String address = "browser.reader." + System.nanoTime() + "@example.com";
        WebDriver browser = chromium.driver();
        browser.get("http://localhost:" + port + "/subscribe");
        assertThat(axe.violations(browser)).as("the sign-up form").isEmpty();

        browser.findElement(By.id("email")).sendKeys(address);
        browser.findElement(By.id("moreTags")).sendKeys("#Aviation, #Ukraine");
        browser.findElement(By.xpath("//button[text()='Subscribe']")).click();

        heading("Check your inbox");
        assertThat(axe.violations(browser)).as("check your inbox").isEmpty();
        String confirm = link(awaitEmail(address, "confirm"), "confirm");
        browser.get(confirm);
        heading("One click to confirm");
        assertThat(axe.violations(browser)).as("the confirmation page").isEmpty();
        browser.findElement(By.xpath("//button[text()='Confirm my subscription']")).click();
        heading("You're subscribed");
        assertThat(axe.violations(browser)).as("subscribed").isEmpty();
        Subscriber reader = subscribers.findByEmail(EmailAddress.of(address)).orElseThrow();
        assertThat(reader.status()).isEqualTo(SubscriberStatus.ACTIVE);
        assertThat(reader.preferences().tagKeys()).extracting(key -> key.value())
                .containsExactlyInAnyOrder("aviation", "ukraine");

        String unsubscribe = link(awaitEmail(address, "unsubscribe"), "unsubscribe");
        browser.get(unsubscribe);
        heading("Unsubscribe?");
        assertThat(axe.violations(browser)).as("the unsubscribe page").isEmpty();
        browser.findElement(By.xpath("//button[text()='Unsubscribe']")).click();

        heading("You're unsubscribed");
        assertThat(axe.violations(browser)).as("unsubscribed").isEmpty();
        assertThat(subscribers.find(reader.id()).orElseThrow().status()).isEqualTo(SubscriberStatus.UNSUBSCRIBED);
    }

    @Test
    void aReaderFindsTheSignUpFromTheFrontPageIsToldAboutNewTagsAndAReloadSendsNothing() throws IOException {
        String address = "browser.front." + System.nanoTime() + "@example.com";
        WebDriver browser = chromium.driver();
        browser.get("http://localhost:" + port + "/");
        heading("The stories you follow, by email");
        assertThat(Axe.load().violations(browser)).as("the front page").isEmpty();

        browser.findElement(By.linkText("Subscribe")).click();
        heading("The stories you follow, by email");
        assertThat(browser.getCurrentUrl()).endsWith("/subscribe?lang=en");
        browser.findElement(By.id("email")).sendKeys(address);
        browser.findElement(By.xpath("//button[text()='Subscribe']")).click();
        chromium.waitFor().until(ExpectedConditions.titleContains("Error: "));
        WebElement refusal = browser.findElement(By.cssSelector("main [role=alert]"));
        assertThat(browser.switchTo().activeElement()).as("the refusal is read at once").isEqualTo(refusal);
        assertThat(browser.getTitle()).startsWith("Error: ");

        browser.findElement(By.id("moreTags")).sendKeys("#Quantum Gardening");
        chromium.waitFor().until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("moreTags-note"), "No stories on #Quantum Gardening in the last month"));
        browser.findElement(By.xpath("//button[text()='Subscribe']")).click();

        heading("Check your inbox");
        assertThat(browser.getCurrentUrl()).as("a GET after the POST").contains("/subscribe/sent?lang=");
        browser.navigate().refresh();
        heading("Check your inbox");
        Subscriber reader = subscribers.findByEmail(EmailAddress.of(address)).orElseThrow();
        assertThat(jdbc.sql("select count(*) from delivery where subscriber_id = ?").param(reader.id())
                .query(Long.class).single()).as("one confirmation, however often the page is reloaded").isEqualTo(1);
    }

    /** A reader's form knows the old names of the tags it offers, and says where a reader who types one is filed. */
    @Test
    void aReaderWhoTypesTheOldNameOfAMergedTagIsToldItsNewOne() {
        String own = "b" + UUID.randomUUID().toString().substring(0, 6);
        articles.publish(new NewArticle("Border story", null, null, null, null, Instant.now().minusSeconds(60),
                List.of(Tag.of(own + "Migration"))));
        articles.publish(new NewArticle("Older border story", null, null, null, null, Instant.now().minusSeconds(120),
                List.of(Tag.of(own + "Immigration"))));
        tags.merge(TagKey.of(own + "Immigration"), TagKey.of(own + "Migration"));
        // A reader who follows the tag: their page offers it, whatever the month's most used tags are.
        Subscriber reader = subscribers.add(EmailAddress.of(own + "@example.com"), new Preferences(
                List.of(Tag.of(own + "Migration")), Frequency.DAILY, ZoneOffset.UTC, 7, true), SubscriberStatus.ACTIVE);
        WebDriver browser = chromium.driver();
        browser.get("http://localhost:" + port + "/preferences/" + subscribers.linkToken(reader,
                LinkPurpose.PREFERENCES));

        WebElement typed = browser.findElement(By.id("moreTags"));
        typed.clear();
        typed.sendKeys("#" + own + "Immigration");

        chromium.waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("moreTags-note"),
                "#" + own + "Immigration is now #" + own + "Migration: following it, you follow #" + own
                        + "Migration."));
    }

    /**
     * Chromium reports some zones by their old names (Asia/Calcutta), which the list gives by the current ones
     * (Asia/Kolkata): a reader in India, Ukraine or Argentina was left on UTC (reader QA, 7 December).
     */
    @Test
    void theSignUpPreselectsTheBrowsersZoneWhenItGivesTheZonesOldName() {
        ChromeDriver browser = chromium.driver();
        try {
            for (List<String> zone : List.of(List.of("Asia/Calcutta", "Asia/Kolkata"),
                    List.of("Europe/Kiev", "Europe/Kyiv"), List.of("America/Buenos_Aires",
                            "America/Argentina/Buenos_Aires"), List.of("Europe/Berlin", "Europe/Berlin"))) {
                browser.executeCdpCommand("Emulation.setTimezoneOverride", Map.of("timezoneId", zone.get(0)));
                browser.get("http://localhost:" + port + "/subscribe");
                assertThat(new Select(browser.findElement(By.id("timezone"))).getFirstSelectedOption()
                        .getAttribute("value")).as("a browser in " + zone.get(0)).isEqualTo(zone.get(1));
            }
        } finally {
            browser.executeCdpCommand("Emulation.setTimezoneOverride", Map.of("timezoneId", ""));
        }
    }

    /**
     * A word longer than a phone's width (a URL in a summary) widened the whole digest to 972 px and a story's page
     * to 1,082, every story cut at the screen's edge (reader QA, 7 December).
     */
    @Test
    void aStoryWithAWordLongerThanTheScreenFitsAPhoneOnItsPageAndInTheDigest() throws IOException {
        String own = "w" + UUID.randomUUID().toString().substring(0, 6);
        Article story = articles.publish(new NewArticle("A long link", "Read it at https://example.org/"
                + "a-very-long-path-without-any-break-in-it/" + "x".repeat(80), null, null, null,
                Instant.now().minusSeconds(60), List.of(Tag.of(own))));
        String address = own + "@example.com";
        subscribers.add(EmailAddress.of(address), new Preferences(List.of(Tag.of(own)), Frequency.IMMEDIATE,
                ZoneOffset.UTC, 7, false), SubscriberStatus.ACTIVE);
        digests.runNow(Frequency.IMMEDIATE);
        Path email = Files.createTempFile("digest-", ".html");
        Files.writeString(email, awaitEmail(address, "unsubscribe").html());
        ChromeDriver browser = chromium.driver();
        browser.manage().window().setSize(new Dimension(390, 844));
        try {
            for (String page : List.of(email.toUri().toString(), "http://localhost:" + port + "/articles/"
                    + story.id(), "http://localhost:" + port + "/")) {
                browser.get(page);
                long width = ((Number) browser.executeScript("return document.documentElement.clientWidth"))
                        .longValue();
                assertThat(((Number) browser.executeScript("return document.documentElement.scrollWidth"))
                        .longValue()).as(page + " is as wide as the phone").isLessThanOrEqualTo(width);
            }
        } finally {
            browser.manage().window().setSize(new Dimension(1280, 1000));
            Files.delete(email);
        }
    }

    private static void heading(String text) {
        chromium.waitFor().until(ExpectedConditions.textToBe(By.tagName("h1"), text));
    }

    /** The newest email to the address whose text holds a link of the kind, once the sandbox has it. */
    private CapturedEmail awaitEmail(String address, String kind) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> sandbox.messages().stream()
                .filter(email -> email.to().contains(address) && email.text().contains("/" + kind + "/"))
                .findFirst().orElse(null), email -> email != null);
    }

    /** The link, made to point at this test's server instead of the configured base URL. */
    private String link(CapturedEmail email, String kind) {
        Matcher link = Pattern.compile("https://dispatch\\.example(/" + kind + "/[A-Za-z0-9_-]+)")
                .matcher(email.text());
        assertThat(link.find()).as("a %s link in:%n%s", kind, email.text()).isTrue();
        return "http://localhost:" + port + link.group(1);
    }
}
