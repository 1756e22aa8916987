package news.dispatch.web.reader;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import news.dispatch.core.subscriber.Bundles;
import news.dispatch.core.subscriber.EmailAddress;
import news.dispatch.core.subscriber.Frequency;
import news.dispatch.core.subscriber.Language;
import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.mailer.letter.Letters;
import news.dispatch.mailer.sandbox.CapturedEmail;
import news.dispatch.scheduler.digest.Digests;
import news.dispatch.web.ApiClient;
import news.dispatch.web.ApiClient.Answer;
import news.dispatch.web.Browser;
import news.dispatch.web.DispatchTest;
import news.dispatch.web.page.ReaderWords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The reader's language: chosen at sign-up, changed by the reader or an admin, kept through export and import. */
class ReaderLanguageIT extends SignUpJourney {

    @Autowired
    Digests digests;

    private ApiClient admin() {
        return ApiClient.anonymous(port).as(DispatchTest.ADMIN, DispatchTest.ADMIN_PASSWORD);
    }

    private String confirmedReader(String email, String language) {
        Mailbox inbox = new Mailbox(sandbox, email);
        String field = language == null ? "" : ", \"language\": \"" + language + "\"";
        assertThat(api.post("/api/subscriptions", """
                {"email": "%s", "tags": ["#Ukraine"]%s}""".formatted(email, field)).status()).isEqualTo(202);
        api.post("/api/subscriptions/confirm", "{\"token\": \"" + Mailbox.token(inbox.awaitCount(1).get(0),
                "confirm") + "\"}");
        return Mailbox.token(inbox.awaitCount(2).get(0), "preferences");
    }

    private long id(String email) {
        return subscribers.findByEmail(EmailAddress.of(email)).map(Subscriber::id).orElseThrow();
    }

    @Test
    void theApiTakesTheLanguageAtSignUpAndInPreferencesAndDefaultsToEnglish() {
        String german = confirmedReader("sprache@example.com", "DE");
        assertThat(api.get("/api/preferences/" + german).json().get("language").asString()).isEqualTo("de");
        String english = confirmedReader("language@example.com", null);
        assertThat(api.get("/api/preferences/" + english).json().get("language").asString()).isEqualTo("en");

        JsonNode changed = api.send("PUT", "/api/preferences/" + german, "application/json",
                "{\"language\": \"fr\"}").json();
        assertThat(changed.get("language").asString()).isEqualTo("fr");
        assertThat(api.send("PUT", "/api/preferences/" + german, "application/json", "{\"sendHour\": 9}").json()
                .get("language").asString()).as("an edit of another field keeps it").isEqualTo("fr");
        assertThat(api.get("/preferences/" + german + "/data").json().get("language").asString()).isEqualTo("fr");
    }

    @Test
    void theConsentOnRecordIsWhatTheReaderWasToldInTheirLanguage() {
        confirmedReader("zustimmung@example.com", "de");
        confirmedReader("accord@example.com", "fr");
        confirmedReader("consent@example.com", "en");

        assertThat(consentOf("zustimmung@example.com")).startsWith("Schicken Sie mir die Meldungen von Dispatch zu #")
                .contains("Ich kann das jederzeit").doesNotContain("Email me", "digest at");
        assertThat(consentOf("accord@example.com")).startsWith("Envoyez-moi les articles de Dispatch sur #")
                .contains("me désabonner").doesNotContain("Email me");
        assertThat(consentOf("consent@example.com")).startsWith("Email me Dispatch's stories on #")
                .contains("I can change this or unsubscribe at any time");
    }

    private String consentOf(String email) {
        return admin().get("/api/admin/subscribers/" + id(email)).json().get("consent").get("text").asString();
    }

    @Test
    void anUnknownLanguageIsAProblemOnTheLanguageField() {
        Answer signUp = api.post("/api/subscriptions",
                "{\"email\": \"klingon@example.com\", \"tags\": [\"#Ukraine\"], \"language\": \"tlh\"}");
        assertThat(signUp.status()).isEqualTo(400);
        assertThat(signUp.header("Content-Type")).startsWith("application/problem+json");
        assertThat(signUp.json().get("errors").get(0).get("field").asString()).isEqualTo("language");
        assertThat(subscribers.findByEmail(EmailAddress.of("klingon@example.com"))).isEmpty();

        String token = confirmedReader("choosy@example.com", "de");
        Answer change = api.send("PUT", "/api/preferences/" + token, "application/json", "{\"language\": \"\"}");
        assertThat(change.status()).isEqualTo(400);
        assertThat(change.json().get("errors").get(0).get("field").asString()).isEqualTo("language");
        Answer patch = admin().send("PATCH", "/api/admin/subscribers/" + id("choosy@example.com"),
                "application/json", "{\"language\": \"english\"}");
        assertThat(patch.status()).isEqualTo(400);
        assertThat(patch.json().get("errors").get(0).get("field").asString()).isEqualTo("language");
        assertThat(api.get("/api/preferences/" + token).json().get("language").asString()).isEqualTo("de");
    }

    @Test
    void anAdminSeesAndChangesTheLanguageAndExportAndImportKeepIt() {
        confirmedReader("export@example.com", "fr");
        long id = id("export@example.com");
        assertThat(admin().get("/api/admin/subscribers/" + id).json().get("language").asString()).isEqualTo("fr");
        JsonNode patched = admin().send("PATCH", "/api/admin/subscribers/" + id, "application/json",
                "{\"language\": \"de\", \"sendHour\": 8}").json();
        assertThat(patched.get("language").asString()).isEqualTo("de");
        assertThat(admin().send("PATCH", "/api/admin/subscribers/" + id, "application/json", "{\"sendHour\": 9}")
                .json().get("language").asString()).isEqualTo("de");

        String csv = admin().get("/api/admin/subscribers/export").body();
        assertThat(csv.lines().filter(line -> line.startsWith("export@example.com")).findFirst().orElseThrow())
                .contains(",de,");

        Answer imported = admin().send("POST", "/api/admin/subscribers/import", "text/csv", """
                email,tags,language
                deutsch@example.com,#Aviation,de
                francais@example.com,#Aviation, FR
                nowhere@example.com,#Aviation,xx
                """);
        assertThat(imported.status()).isEqualTo(200);
        JsonNode rejected = imported.json().get("rejected");
        assertThat(rejected.size()).isEqualTo(1);
        assertThat(rejected.get(0).toString()).contains("language must be en, de or fr", "xx");
        assertThat(admin().get("/api/admin/subscribers/" + id("deutsch@example.com")).json().get("language")
                .asString()).isEqualTo("de");
        assertThat(admin().get("/api/admin/subscribers/" + id("francais@example.com")).json().get("language")
                .asString()).isEqualTo("fr");
    }

    @Test
    void theSignUpFormOffersTheBrowsersLanguageAndThePagesChangeIt() {
        assertThat(api.with("Accept-Language", "it-IT, de-CH;q=0.8, fr;q=0.7, en;q=0.5").get("/subscribe").body())
                .contains("<option value=\"de\" lang=\"de\" selected>Deutsch</option>");
        String manyLanguages = "fr;q=0.9, " + "xx;q=0.1, ".repeat(40) + "en;q=0.3";
        assertThat(api.with("Accept-Language", manyLanguages).get("/subscribe").body())
                .contains("<option value=\"fr\" lang=\"fr\" selected>Français</option>");
        assertThat(api.with("Accept-Language", "q=;;,,de;q=abc").get("/subscribe").body())
                .as("a header that cannot be read leaves the default")
                .contains("<option value=\"en\" lang=\"en\" selected>English</option>");

        Browser browser = new Browser(port);
        Browser.Page form = browser.get("/subscribe");
        assertThat(browser.post("/subscribe", "_csrf", form.csrf(), "email", "form@example.com", "tags", "Ukraine",
                "frequency", "DAILY", "sendHour", "7", "timezone", "UTC", "alerts", "on", "language", "fr")
                .status()).isEqualTo(302);
        assertThat(jdbc.sql("select language from subscriber where email = 'form@example.com'").query(String.class)
                .single()).isEqualTo("fr");

        String token = confirmedReader("page@example.com", "en");
        Browser.Page page = browser.get("/preferences/" + token);
        browser.post("/preferences/" + token, "_csrf", page.csrf(), "tags", "Ukraine", "moreTags", "",
                "frequency", "DAILY", "sendHour", "7", "timezone", "UTC", "language", "de");
        assertThat(api.get("/api/preferences/" + token).json().get("language").asString()).isEqualTo("de");

        Browser staff = new Browser(port).signedInAs(DispatchTest.ADMIN, DispatchTest.ADMIN_PASSWORD);
        long id = id("page@example.com");
        Browser.Page edit = staff.get("/admin/subscribers/" + id + "/edit");
        assertThat(edit.body()).contains("<option value=\"de\" selected>de</option>");
        staff.post("/admin/subscribers/" + id + "/edit", "_csrf", edit.csrf(), "tags", "Ukraine", "frequency",
                "DAILY", "sendHour", "7", "timezone", "UTC", "language", "fr");
        assertThat(api.get("/api/preferences/" + token).json().get("language").asString()).isEqualTo("fr");
    }

    @ParameterizedTest
    @ValueSource(strings = {"de", "fr"})
    void everyEmailToTheReaderIsInTheirLanguageAndSaysSo(String language) {
        String address = "reader." + language + "@example.com";
        Mailbox inbox = new Mailbox(sandbox, address);
        String signUp = """
                {"email": "%s", "tags": ["#Ukraine"], "timezone": "Europe/Berlin", "language": "%s"}"""
                .formatted(address, language);
        api.post("/api/subscriptions", signUp);
        CapturedEmail confirmation = inbox.awaitCount(1).get(0);
        api.post("/api/subscriptions/confirm", "{\"token\": \"" + Mailbox.token(confirmation, "confirm") + "\"}");
        CapturedEmail welcome = inbox.awaitCount(2).get(0);
        api.post("/api/subscriptions", signUp);
        CapturedEmail reminder = inbox.awaitCount(3).get(0);

        ApiClient editor = admin();
        clock.advance(Duration.ofMinutes(1));
        assertThat(editor.post("/api/articles", """
                {"title": "Kyiv: the morning after", "summary": "What the night changed", "tags": ["#Ukraine"]}
                """).status()).isEqualTo(201);
        clock.advance(Duration.ofMinutes(1));
        digests.runNow(Frequency.DAILY);
        CapturedEmail digest = inbox.awaitCount(4).get(0);
        long breaking = editor.post("/api/articles", """
                {"title": "Ceasefire announced", "tags": ["#Ukraine"]}""").json().get("id").asLong();
        assertThat(editor.post("/api/articles/" + breaking + "/alert", "").status()).isEqualTo(202);
        CapturedEmail alert = inbox.awaitCount(5).get(0);

        Map<String, String> subjects = Map.of("de", "Bestätigen Sie Ihr Dispatch-Abonnement",
                "fr", "Confirmez votre abonnement à Dispatch");
        assertThat(confirmation.subject()).isEqualTo(subjects.get(language));
        assertThat(digest.subject()).contains("Ukraine", "Kyiv: the morning after");
        assertThat(digest.text()).as("the story as written").contains("Kyiv: the morning after",
                "What the night changed");
        assertThat(alert.subject()).isEqualTo((language.equals("de") ? "Eilmeldung: " : "Urgent : ")
                + "Ceasefire announced");
        assertThat(digest.text()).as("a colon as the language writes it").contains(language.equals("de")
                ? "Abbestellen: http" : "Se désabonner : http");
        assertThat(confirmation.text()).as("the sign-up form's link").contains("/subscribe?lang=" + language)
                .as("the contract's link, the token alone").containsPattern("/confirm/[A-Za-z0-9_-]+\\R");
        if (language.equals("de")) {
            assertThat(digest.text()).startsWith("Ihre tägliche Zusammenfassung")
                    .containsPattern("\\d{1,2}\\. \\p{L}+\\.? 20\\d\\d, \\d\\d:\\d\\d MES?Z");
        }
        assertThat(englishWords(Letters.WORDS, language)).as("what is looked for").contains("Change your preferences",
                "on your tags");
        for (CapturedEmail email : List.of(confirmation, welcome, reminder, digest, alert)) {
            assertThat(header(email, "Content-Language")).as(email.subject()).isEqualTo(language);
            assertThat(email.html()).as(email.subject()).contains("<html lang=\"" + language + "\">");
            for (String english : englishWords(Letters.WORDS, language)) {
                assertThat(email.subject() + "\n" + email.text()).as("%s: no English left", email.subject())
                        .doesNotContain(english);
                assertThat(email.html()).as("%s: no English left", email.subject()).doesNotContain(english);
            }
        }
    }

    private static String header(CapturedEmail email, String name) {
        return email.headers().stream().filter(header -> header.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    /**
     * The English words that the language's translation does not share ("Europe" is French too): the text of every
     * message between its arguments, where long enough to be words rather than punctuation.
     */
    private static List<String> englishWords(String bundle, String language) {
        Properties english = messages(bundle, "en");
        Properties translation = messages(bundle, language);
        List<String> words = new ArrayList<>();
        for (String key : english.stringPropertyNames()) {
            String message = english.getProperty(key);
            // The zone list's values are time-zone ids, which spell their regions in English ("Arctic/…").
            if (key.equals("format.time") || key.startsWith("choices.zone.region.")
                    || message.equals(translation.getProperty(key))) {
                continue;
            }
            for (String piece : outsideArguments(message.replace("''", "'"))) {
                for (String text : piece.split("<[^>]+>")) {
                    if (text.strip().length() >= 6) {
                        words.add(text.strip());
                    }
                }
            }
        }
        return words;
    }

    /** The text of a message pattern outside its {arguments}, choices included. */
    private static List<String> outsideArguments(String message) {
        List<String> pieces = new ArrayList<>();
        StringBuilder piece = new StringBuilder();
        int depth = 0;
        for (char c : message.toCharArray()) {
            if (c == '{' && depth++ == 0) {
                pieces.add(piece.toString());
                piece.setLength(0);
            } else if (c == '}') {
                depth--;
            } else if (depth == 0) {
                piece.append(c);
            }
        }
        pieces.add(piece.toString());
        return pieces;
    }

    private static Properties messages(String bundle, String language) {
        String file = bundle.replace('.', '/') + "_" + language + ".properties";
        try (InputStream in = Letters.class.getClassLoader().getResourceAsStream(file)) {
            Properties messages = new Properties();
            messages.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return messages;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"de", "fr"})
    void everyReaderPageIsInTheReadersLanguageOrElseTheBrowsers(String language) {
        String address = "pages." + language + "@example.com";
        Mailbox inbox = new Mailbox(sandbox, address);
        api.post("/api/subscriptions", """
                {"email": "%s", "tags": ["#Ukraine"], "language": "%s"}""".formatted(address, language));
        String confirm = Mailbox.token(inbox.awaitCount(1).get(0), "confirm");
        ApiClient english = api.with("Accept-Language", "en");
        ApiClient browser = ApiClient.anonymous(port).with("Accept-Language", language + ";q=0.9, en;q=0.5");

        Map<String, String> pages = new LinkedHashMap<>();
        pages.put("confirm", english.get("/confirm/" + confirm).body());
        api.post("/api/subscriptions/confirm", "{\"token\": \"" + confirm + "\"}");
        String preferences = Mailbox.token(inbox.awaitCount(2).get(0), "preferences");
        String unsubscribe = Mailbox.token(inbox.awaitCount(2).get(0), "unsubscribe");
        pages.put("confirmed", english.get("/confirm/" + confirm).body());
        pages.put("preferences", english.get("/preferences/" + preferences).body());
        pages.put("unsubscribe", english.get("/unsubscribe/" + unsubscribe).body());
        pages.put("front", browser.get("/").body());
        pages.put("subscribe", browser.get("/subscribe").body());
        pages.put("invalid link", browser.get("/preferences/" + "x".repeat(43)).body());
        long story = admin().post("/api/articles", """
                {"title": "Kyiv talks resume", "summary": "Delegations meet", "author": "Dana Reporter",
                 "tags": ["#Ukraine"]}""").json().get("id").asLong();
        admin().post("/api/articles/" + story + "/corrections", "{\"text\": \"The talks resume on Monday.\"}");
        pages.put("stories", browser.get("/articles").body());
        pages.put("a tag's stories", browser.get("/tags/ukraine").body());
        pages.put("a story with its correction", browser.get("/articles/" + story).body());
        pages.put("no such story", browser.get("/articles/" + (story + 1_000_000)).body());
        pages.put("no such tag", browser.get("/articles?tag=" + "x".repeat(300)).body());
        pages.put("problem", browser.with("Accept", "text/html").get("/nowhere/to/be/found").body());
        Browser form = new Browser(port);
        Browser.Page blank = form.get("/subscribe");
        pages.put("form with mistakes", form.post("/subscribe", "_csrf", blank.csrf(), "email", "not an address",
                "language", language).body());
        Browser.Page signedUp = form.post("/subscribe", "_csrf", blank.csrf(), "email", "again." + address,
                "moreTags", "Ukraine", "frequency", "DAILY", "sendHour", "7", "timezone", "UTC", "language", language);
        String sent = URI.create(signedUp.header("Location")).getRawPath() + "?"
                + URI.create(signedUp.header("Location")).getRawQuery();
        form.get(sent);
        pages.put("sent, opened again", new Browser(port).get(sent).body());
        pages.put("a preferences form sent too late", new Browser(port).post(first(pages.get("preferences"),
                "action=\"(/preferences/[^\"/]+\\?lang=[a-z]+)\""), "_csrf", "expired", "frequency", "DAILY").body());
        english.post("/unsubscribe/" + unsubscribe, "");
        pages.put("unsubscribed", english.get("/unsubscribe/" + unsubscribe).body());
        pages.put("signing up again", english.get(first(pages.get("unsubscribed"),
                "href=\"(/subscribe\\?lang=[a-z]+)\"")).body());

        assertThat(pages.get("a preferences form sent too late")).contains(ReaderWords.in(Language.of(language))
                .get("error.expired.heading"));
        assertThat(pages.get("signing up again")).contains("<option value=\"" + language + "\" lang=\"" + language + "\" selected>");
        assertThat(pages.get("form with mistakes")).contains(language.equals("de")
                ? "Bitte korrigieren Sie die markierten Felder." : "Veuillez corriger les champs signalés.");
        assertThat(pages.get("subscribe")).as("the zones' regions")
                .contains(language.equals("de") ? "<optgroup label=\"Europa\">" : "<optgroup label=\"Amérique\">");
        assertThat(pages.get("a story with its correction")).as("a time as the language writes it")
                .containsPattern("\\d{1,2}\\.? \\p{L}+\\.? 20\\d\\d, \\d\\d:\\d\\d UTC</time>");
        assertThat(pages.get("a story with its correction")).contains(language.equals("de")
                ? "<h2 id=\"corrections-heading\">Korrektur</h2>" : "<h2 id=\"corrections-heading\">Correction</h2>");
        List<String> englishWords = englishWords(ReaderWords.BUNDLE, language);
        assertThat(englishWords).as("what is looked for").contains("Save my preferences", "Skip to content");
        pages.forEach((page, html) -> {
            assertThat(html).as(page).contains("<html lang=\"" + language + "\">");
            for (String word : englishWords) {
                assertThat(html).as("%s: no English left", page).doesNotContain(word);
            }
        });
    }

    private static String first(String html, String pattern) {
        Matcher found = Pattern.compile(pattern).matcher(html);
        assertThat(found.find()).as(pattern).isTrue();
        return found.group(1);
    }

    @Test
    void theReadersPagesWordsAreCompleteInEveryLanguage() {
        assertThat(Bundles.problems(ReaderWords.BUNDLE)).isEmpty();
    }
}
