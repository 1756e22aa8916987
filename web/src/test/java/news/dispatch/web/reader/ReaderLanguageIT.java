package news.dispatch.web.reader;

import static org.assertj.core.api.Assertions.assertThat;

import news.dispatch.core.subscriber.EmailAddress;
import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.web.ApiClient;
import news.dispatch.web.ApiClient.Answer;
import news.dispatch.web.Browser;
import news.dispatch.web.DispatchTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The reader's language: chosen at sign-up, changed by the reader or an admin, kept through export and import. */
class ReaderLanguageIT extends SignUpJourney {

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
}
