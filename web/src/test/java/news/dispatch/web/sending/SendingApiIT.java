package news.dispatch.web.sending;

import static org.assertj.core.api.Assertions.assertThat;

import news.dispatch.core.testing.ResetsDatabase;
import news.dispatch.web.ApiClient;
import news.dispatch.web.ApiClient.Answer;
import news.dispatch.web.Browser;
import news.dispatch.web.Browser.Page;
import news.dispatch.web.DispatchTest;
import news.dispatch.web.account.Accounts;
import news.dispatch.web.account.Role;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The Sending report and the DKIM keys' rotation, through the API and the page, in the app as it runs by default:
 * DKIM off, mail to the sandbox, From {@code news@localhost}. Keys can be made and published before DKIM is on.
 */
@DispatchTest
@ResetsDatabase("dkim_key")
class SendingApiIT {

    private static final String SENDING = "/api/admin/sending";

    @LocalServerPort
    int port;

    @Autowired
    Accounts accounts;

    ApiClient admin;

    @BeforeEach
    void signIn() {
        admin = ApiClient.anonymous(port).as(DispatchTest.ADMIN, DispatchTest.ADMIN_PASSWORD);
    }

    @Test
    void anAdminReadsWhatToPublishAndHowTheRulesStand() {
        Answer answer = admin.get(SENDING);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        JsonNode sending = answer.json();
        assertThat(sending.get("from").asString()).isEqualTo("Dispatch <news@localhost>");
        assertThat(sending.get("returnPath").asString()).isEqualTo("news@localhost");
        JsonNode dkim = sending.get("dkim");
        assertThat(dkim.get("enabled").asBoolean()).isFalse();
        assertThat(dkim.get("domain").asString()).isEqualTo("localhost");
        assertThat(dkim.get("selector").asString()).isEqualTo("dispatch");
        assertThat(dkim.get("algorithm").asString()).isEqualTo("rsa-sha256");
        assertThat(dkim.get("dnsName").asString()).isEqualTo("dispatch._domainkey.localhost");
        assertThat(dkim.has("dnsTxt")).isTrue();
        assertThat(sending.get("dmarc").get("name").asString()).isEqualTo("_dmarc.localhost");
        assertThat(sending.get("dmarc").get("value").asString())
                .isEqualTo("v=DMARC1; p=none; rua=mailto:news@localhost");
        assertThat(sending.get("spf").get("note").asString()).contains("sandbox");
        assertThat(sending.get("checks").valueStream().map(check -> check.get("rule").asString() + ": "
                + check.get("status").asString()))
                .contains("DKIM signature: NOT_MET", "Return path aligned with From: MET",
                        "Unsubscribe by mail (mailto): MET", "DMARC published: IN_DNS");
        assertThat(sending.get("checks").valueStream().filter(check -> check.get("rule").asString()
                .equals("DKIM aligned with From")).findFirst().orElseThrow().get("detail").asString())
                .as("not met, and not said to be").contains("nothing is signed yet");
    }

    @Test
    void aKeyIsMadePublishedActivatedAndTheOneBeforeRetired() {
        Answer made = admin.post(SENDING + "/keys", "{\"selector\": \"s202612\", \"algorithm\": \"rsa-sha256\"}");
        assertThat(made.status()).as(made.toString()).isEqualTo(201);
        assertThat(made.header("Location")).endsWith("/api/admin/sending/keys/s202612");
        assertThat(made.json().get("state").asString()).isEqualTo("PUBLISH");
        assertThat(made.json().get("bits").asInt()).isEqualTo(2048);
        assertThat(made.json().get("dnsName").asString()).isEqualTo("s202612._domainkey.localhost");
        assertThat(made.json().get("dnsTxt").asString()).startsWith("v=DKIM1; k=rsa; p=MIIBIjANBg");
        assertThat(made.body()).doesNotContain("private");

        Answer first = admin.post(SENDING + "/keys/s202612/activate", "");
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(first.json().get("state").asString()).isEqualTo("ACTIVE");
        assertThat(admin.get(SENDING).json().get("dkim").get("dnsTxt").asString())
                .isEqualTo(made.json().get("dnsTxt").asString());

        admin.post(SENDING + "/keys", "{\"selector\": \"s202701\", \"algorithm\": \"rsa-sha256\"}");
        admin.post(SENDING + "/keys", "{\"selector\": \"ed202701\", \"algorithm\": \"ed25519-sha256\"}");
        assertThat(admin.post(SENDING + "/keys/s202701/activate", "").status()).isEqualTo(200);
        Answer ed = admin.post(SENDING + "/keys/ed202701/activate", "");
        assertThat(ed.json().get("dnsTxt").asString()).matches("v=DKIM1; k=ed25519; p=[A-Za-z0-9+/]{43}=");

        JsonNode sending = admin.get(SENDING).json();
        assertThat(sending.get("dkim").get("selector").asString()).isEqualTo("s202701");
        assertThat(sending.get("keys").valueStream().map(key -> key.get("selector").asString() + " "
                + key.get("state").asString()))
                .containsExactly("ed202701 ACTIVE", "s202701 ACTIVE", "s202612 RETIRED");

        Answer again = admin.post(SENDING + "/keys/s202612/activate", "");
        assertThat(again.status()).as(again.toString()).isEqualTo(409);
        assertThat(again.json().get("detail").asString()).contains("retired");
        assertThat(admin.post(SENDING + "/keys/ed202701/retire", "").json().get("state").asString())
                .isEqualTo("RETIRED");
        Answer last = admin.post(SENDING + "/keys/s202701/retire", "");
        assertThat(last.status()).as(last.toString()).isEqualTo(409);
        assertThat(last.json().get("detail").asString()).contains("only one that signs");
    }

    @Test
    void aTakenSelectorIsAConflictABadOneOrAlgorithmA400AndAnUnknownOneA404() {
        admin.post(SENDING + "/keys", "{\"selector\": \"taken\", \"algorithm\": \"rsa-sha256\"}");

        Answer taken = admin.post(SENDING + "/keys", "{\"selector\": \"taken\", \"algorithm\": \"ed25519-sha256\"}");
        assertThat(taken.status()).as(taken.toString()).isEqualTo(409);
        assertThat(taken.header("Content-Type")).isEqualTo("application/problem+json");
        Answer badSelector = admin.post(SENDING + "/keys", "{\"selector\": \"a b;\", \"algorithm\": \"rsa-sha256\"}");
        assertThat(badSelector.status()).isEqualTo(400);
        assertThat(badSelector.json().get("errors").get(0).get("field").asString()).isEqualTo("selector");
        Answer badAlgorithm = admin.post(SENDING + "/keys", "{\"selector\": \"s2\", \"algorithm\": \"rsa-sha1\"}");
        assertThat(badAlgorithm.status()).isEqualTo(400);
        assertThat(badAlgorithm.json().get("errors").get(0).get("field").asString()).isEqualTo("algorithm");
        Answer unknown = admin.post(SENDING + "/keys/nobody/activate", "");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("detail").asString()).contains("nobody");
    }

    @Test
    void editorsAreRefusedTheReportAndTheRotation() {
        accounts.save("sending-editor", "sending-editor-password", Role.EDITOR);
        ApiClient editor = ApiClient.anonymous(port).as("sending-editor", "sending-editor-password");

        assertThat(editor.get(SENDING).status()).isEqualTo(403);
        assertThat(editor.post(SENDING + "/keys", "{\"selector\": \"sneaky\", \"algorithm\": \"rsa-sha256\"}")
                .status()).isEqualTo(403);
        assertThat(ApiClient.anonymous(port).get(SENDING).status()).isEqualTo(401);
        assertThat(admin.get(SENDING).json().get("keys")).isEmpty();
    }

    @Test
    void thePageShowsTheRecordsAndItsButtonsRotateTheKeys() {
        Browser browser = new Browser(port).signedInAs(DispatchTest.ADMIN, DispatchTest.ADMIN_PASSWORD);
        Page page = browser.get("/admin/sending");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<h1>Sending</h1>", "_dmarc.localhost",
                "v=DMARC1; p=none; rua=mailto:news@localhost", "href=\"/admin/sending\" class=\"on\"");

        Page made = browser.post("/admin/sending/keys", "selector", "s202612", "algorithm", "rsa-sha256",
                "_csrf", page.csrf());
        assertThat(made.status()).isEqualTo(302);
        assertThat(made.header("Location")).endsWith("/admin/sending?made=s202612");
        Page shown = browser.get("/admin/sending?made=s202612");
        String txt = admin.get(SENDING).json().get("keys").get(0).get("dnsTxt").asString();
        assertThat(shown.body()).contains("Key s202612 was made", "s202612._domainkey.localhost",
                "\"" + txt.substring(0, 255) + "\" \"" + txt.substring(255) + "\"",
                "action=\"/admin/sending/keys/s202612/activate\"");

        Page activated = browser.post("/admin/sending/keys/s202612/activate", "_csrf", shown.csrf());
        assertThat(activated.header("Location")).endsWith("/admin/sending?activated=s202612");
        assertThat(browser.get("/admin/sending").body())
                .doesNotContain("action=\"/admin/sending/keys/s202612/activate\"");
        Page refused = browser.post("/admin/sending/keys/s202612/retire", "_csrf", shown.csrf());
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body()).contains("only one that signs");

        Page taken = browser.post("/admin/sending/keys", "selector", "s202612", "algorithm", "ed25519-sha256",
                "_csrf", shown.csrf());
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.body()).as("beside the form, what was typed kept")
                .contains("<h1>Sending</h1>", "id=\"key-error\"", "value=\"s202612\"",
                        "<option value=\"ed25519-sha256\" selected>");
        Page badName = browser.post("/admin/sending/keys", "selector", "a b;", "algorithm", "rsa-sha256",
                "_csrf", shown.csrf());
        assertThat(badName.status()).isEqualTo(400);
        assertThat(badName.body()).contains("<p class=\"error\" id=\"key-error\" role=\"alert\">Selector must be a DNS label");
    }
}
