package news.dispatch.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import news.dispatch.web.ApiClient;
import news.dispatch.web.ApiClient.Answer;
import news.dispatch.web.Browser;
import news.dispatch.web.Browser.Page;
import news.dispatch.web.DispatchTest;
import news.dispatch.web.account.Accounts;
import news.dispatch.web.account.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Guessing a password over and over gets a 429 on the login form and on the API, before the password is tried; but only
 * for the client that guessed: the real user, elsewhere, still signs in.
 */
@DispatchTest
class LoginThrottleIT {

    @LocalServerPort
    int port;

    @Autowired
    Accounts accounts;

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void anAccountGuessedTooOftenIsThrottledOnTheFormAndTheApi(CapturedOutput log) {
        accounts.save("guessed", "guessed-right-password", Role.ADMIN);
        Browser browser = new Browser(port);
        for (int i = 0; i < 10; i++) {
            Page login = browser.get("/login");
            assertThat(browser.post("/login", "username", "guessed", "password", "guess-" + i, "_csrf",
                    login.csrf()).header("Location")).endsWith("/login?error");
        }

        Page login = browser.get("/login");
        Page throttled = browser.post("/login", "username", "guessed", "password", "guessed-right-password",
                "_csrf", login.csrf());

        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.header("Retry-After")).isNotBlank();
        assertThat(throttled.body()).contains("Too many failed sign-ins", "Wait ", "action=\"/login\"");
        assertThat(browser.get("/admin").status()).isEqualTo(302);
        assertThat(log.getOut()).as("one line for the operator and fail2ban, never the name or passwords typed")
                .containsPattern("WARN .* Sign-ins from 127\\.0\\.0\\.1 refused for \\d+ s after repeated wrong "
                        + "passwords").doesNotContain("guess-", "'guessed'");

        Answer api = ApiClient.anonymous(port).as("guessed", "guessed-right-password").get("/api/admin/stats");
        assertThat(api.status()).isEqualTo(429);
        assertThat(api.header("Retry-After")).isNotBlank();
        assertThat(api.header("Content-Type")).startsWith("application/problem+json");

        assertThat(ApiClient.anonymous(port).as(DispatchTest.ADMIN, DispatchTest.ADMIN_PASSWORD)
                .get("/api/admin/stats").status()).as("other accounts are not affected").isEqualTo(200);
    }

    @Test
    void failuresUnderEverySpellingOfANameCountForTheOneAccountFromThatClient() {
        accounts.save("deputy", "deputys-right-password", Role.EDITOR);
        ClientAt guesser = new ClientAt(port, "127.0.0.5");
        List<String> spellings = List.of("deputy", " DEPUTY ", "Deputy", "\uFF24\uFF25\uFF30\uFF35\uFF34\uFF39");
        for (int i = 0; i < 10; i++) {
            assertThat(guesser.signIn(spellings.get(i % spellings.size()), "guess-" + i).header("Location"))
                    .endsWith("/login?error");
        }

        Page throttled = guesser.signIn("deputy", "deputys-right-password");

        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.body()).contains("Too many failed sign-ins");
        assertThat(guesser.getAs(" Deputy", "deputys-right-password", "/api/articles").status()).isEqualTo(429);
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void anAttackerElsewhereDoesNotKeepTheAdminOutOfTheFormOrTheApi(CapturedOutput log) {
        accounts.save("chief", "chiefs-right-password", Role.ADMIN);
        ClientAt attacker = new ClientAt(port, "127.0.0.2");
        for (int i = 0; i < 12; i++) {
            attacker.signIn("chief", "guess-" + i);
        }
        assertThat(attacker.signIn("chief", "chiefs-right-password").status()).isEqualTo(429);
        assertThat(attacker.getAs("chief", "chiefs-right-password", "/api/admin/stats").status()).isEqualTo(429);
        assertThat(log.getOut()).as("the account under attack said too, for attacks from many addresses")
                .containsPattern("WARN .* An account has had too many wrong passwords, the last from 127\\.0\\.0\\.2: "
                        + "clients that have failed are refused its sign-in for \\d+ s");

        ClientAt chief = new ClientAt(port, "127.0.0.3");
        Page signedIn = chief.signIn("chief", "chiefs-right-password");
        assertThat(signedIn.status()).isEqualTo(302);
        assertThat(signedIn.header("Location")).doesNotContain("error");
        assertThat(chief.get("/admin/users").status()).isEqualTo(200);
        assertThat(new ClientAt(port, "127.0.0.4").getAs("chief", "chiefs-right-password", "/api/admin/stats")
                .status()).isEqualTo(200);
    }
}
