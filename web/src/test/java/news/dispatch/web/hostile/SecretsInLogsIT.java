package news.dispatch.web.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import news.dispatch.core.link.LinkTokens;
import news.dispatch.core.testing.MutableClock;
import news.dispatch.mailer.sandbox.CapturedEmail;
import news.dispatch.mailer.sandbox.SandboxSmtp;
import news.dispatch.web.ApiClient;
import news.dispatch.web.Browser;
import news.dispatch.web.DispatchTest;
import news.dispatch.web.reader.Mailbox;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Tokens and passwords never reach the log, whatever a reader or an attacker does with them. */
@HostileTest
@ExtendWith(OutputCaptureExtension.class)
class SecretsInLogsIT {

    private static final String WRONG_PASSWORD = "wrong-password-that-must-not-be-logged";

    @LocalServerPort
    int port;

    @Autowired
    SandboxSmtp sandbox;

    @Autowired
    MutableClock clock;

    @Test
    void aReadersJourneyFailedSignInsAndApiTokensLeaveNoTokenOrPasswordInTheLog(CapturedOutput output) {
        clock.advance(Duration.ofDays(1));
        ApiClient api = ApiClient.anonymous(port);
        assertThat(api.post("/api/subscriptions", "{\"email\": \"secretive@example.com\", \"tags\": [\"Aviation\"]}")
                .status()).isEqualTo(202);
        Mailbox inbox = new Mailbox(sandbox, "secretive@example.com");
        String confirmation = Mailbox.token(inbox.awaitCount(1).get(0), "confirm");

        assertThat(new Browser(port).get("/confirm/" + confirmation).status()).isEqualTo(200);
        assertThat(api.post("/api/subscriptions/confirm", "{\"token\": \"" + confirmation + "\"}").status())
                .isEqualTo(200);
        CapturedEmail welcome = inbox.awaitCount(2).get(0);
        String preferences = Mailbox.token(welcome, "preferences");
        String unsubscribe = Mailbox.token(welcome, "unsubscribe");
        assertThat(api.get("/api/preferences/" + preferences).status()).isEqualTo(200);
        assertThat(api.send("PUT", "/api/preferences/" + preferences, "application/json", "{\"tags\": [\"<x>\"]}")
                .status()).isEqualTo(400);
        assertThat(api.send("PUT", "/api/preferences/" + preferences, "application/json", "{\"tags\": [")
                .status()).isEqualTo(400);
        assertThat(new Browser(port).get("/preferences/" + preferences + "/data").status()).isEqualTo(200);
        assertThat(api.post("/api/subscriptions/confirm", "{\"token\": \"" + preferences.substring(3) + "\"}")
                .status()).isEqualTo(404);
        assertThat(api.send("POST", "/unsubscribe/" + unsubscribe, "application/x-www-form-urlencoded",
                "List-Unsubscribe=One-Click").status()).isEqualTo(200);

        assertThat(api.as(DispatchTest.ADMIN, WRONG_PASSWORD).get("/api/admin/stats").status()).isEqualTo(401);
        Browser staff = new Browser(port);
        String csrf = staff.get("/login").csrf();
        assertThat(staff.post("/login", "username", DispatchTest.ADMIN, "password", WRONG_PASSWORD, "_csrf", csrf)
                .header("Location")).endsWith("/login?error");
        csrf = staff.get("/login").csrf();
        staff.post("/login", "username", DispatchTest.ADMIN, "password", DispatchTest.ADMIN_PASSWORD, "_csrf", csrf);
        assertThat(staff.get("/admin").status()).isEqualTo(200);

        String apiToken = api.as(DispatchTest.ADMIN, DispatchTest.ADMIN_PASSWORD).post("/api/admin/tokens",
                "{\"name\": \"logged?\", \"role\": \"EDITOR\"}").json().get("secret").asString();
        assertThat(api.bearing(apiToken).get("/api/articles").status()).isEqualTo(200);
        assertThat(api.bearing(apiToken + "x").get("/api/articles").status()).isEqualTo(401);

        List<String> secrets = new ArrayList<>(List.of(WRONG_PASSWORD, DispatchTest.ADMIN_PASSWORD, apiToken,
                apiToken.substring(apiToken.lastIndexOf('_') + 1)));
        for (String token : List.of(confirmation, preferences, unsubscribe)) {
            secrets.add(token);
            secrets.add(token.substring(3));
            secrets.add(LinkTokens.hash(token));
        }
        assertThat(output.getAll()).as("something was logged meanwhile").isNotBlank();
        assertThat(output.getAll()).doesNotContain(secrets);
    }
}
