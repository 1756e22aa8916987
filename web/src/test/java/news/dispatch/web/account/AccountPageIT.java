package news.dispatch.web.account;

import static org.assertj.core.api.Assertions.assertThat;

import news.dispatch.web.ApiClient;
import news.dispatch.web.Browser;
import news.dispatch.web.Browser.Page;
import news.dispatch.web.DispatchTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** An editor chooses their own password on their account page, giving the one they have; no admin need know it. */
@DispatchTest
class AccountPageIT {

    @LocalServerPort
    int port;

    @Autowired
    Accounts accounts;

    @Autowired
    JdbcClient jdbc;

    @Test
    void anEditorChoosesTheirOwnPasswordAndTheirOtherSessionsEnd() {
        jdbc.sql("delete from account where username = 'desk-lou'").update();
        accounts.save("desk-lou", "the-admins-choice-1", Role.EDITOR);
        Browser here = new Browser(port).signedInAs("desk-lou", "the-admins-choice-1");
        Browser elsewhere = new Browser(port).signedInAs("desk-lou", "the-admins-choice-1");
        Page account = here.get("/account");
        assertThat(account.body()).contains("<h1>Your account</h1>", "Signed in as <strong>desk-lou</strong>, an editor",
                "<a href=\"/account\" aria-current=\"page\"");

        Page wrong = here.post("/account/password", "current", "a-guess-at-it-1", "password", "lous-own-password",
                "_csrf", account.csrf());
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.body()).contains("id=\"current-error\">This is not your present password.</p>");
        Page weak = here.post("/account/password", "current", "the-admins-choice-1", "password", "lou",
                "_csrf", account.csrf());
        assertThat(weak.status()).isEqualTo(400);
        assertThat(weak.body()).contains("id=\"password-error\">A password has at least 12 characters.</p>");

        Page changed = here.post("/account/password", "current", "the-admins-choice-1", "password",
                "lous-own-password", "_csrf", account.csrf());

        assertThat(changed.header("Location")).endsWith("/account?changed");
        assertThat(here.follow(changed).body()).contains("Your password was changed: your other sessions have ended.");
        assertThat(elsewhere.get("/editor/articles").header("Location")).endsWith("/login");
        assertThat(ApiClient.anonymous(port).as("desk-lou", "the-admins-choice-1").get("/api/articles").status())
                .isEqualTo(401);
        assertThat(ApiClient.anonymous(port).as("desk-lou", "lous-own-password").get("/api/articles").status())
                .isEqualTo(200);
    }

    @Test
    void guessesAtThePresentPasswordCountAsFailedSignInsAndAreStoppedAsTheyAre() {
        jdbc.sql("delete from account where username = 'desk-oz'").update();
        accounts.save("desk-oz", "ozs-long-password", Role.EDITOR);
        Browser open = new Browser(port).signedInAs("desk-oz", "ozs-long-password");
        Page account = open.get("/account");

        int refused = 0;
        Page guess = null;
        for (int i = 0; i < 12 && refused == 0; i++) {
            guess = open.post("/account/password", "current", "guess-number-" + i, "password", "a-new-long-one-1",
                    "_csrf", account.csrf());
            refused = guess.status() == 429 ? i : 0;
        }

        assertThat(refused).as("stopped within the sign-in limits (10 a client and account)").isBetween(1, 11);
        assertThat(guess.header("Retry-After")).isNotBlank();
        assertThat(guess.body()).contains("id=\"current-error\">Too many wrong passwords from your address: wait");
        assertThat(open.post("/account/password", "current", "ozs-long-password", "password", "a-new-long-one-1",
                "_csrf", account.csrf()).status()).as("the right one too, for now").isEqualTo(429);
    }

    @Test
    void theAccountPageIsAStaffPageThatSendsSomeoneNotSignedInToSignIn() {
        Page page = new Browser(port).get("/account");

        assertThat(page.status()).isEqualTo(302);
        assertThat(page.header("Location")).endsWith("/login");
    }

    @Test
    void aPasswordLongerThanAnyAccountCanHaveIsWrongNotCutToItsFirst72Bytes() {
        String seventyTwo = "x".repeat(60) + "abcdefghijkl";
        jdbc.sql("delete from account where username = 'desk-max'").update();
        accounts.save("desk-max", seventyTwo, Role.EDITOR);

        assertThat(ApiClient.anonymous(port).as("desk-max", seventyTwo + "ANYTHING-AT-ALL").get("/api/articles")
                .status()).isEqualTo(401);
        assertThat(ApiClient.anonymous(port).as("desk-max", seventyTwo).get("/api/articles").status())
                .isEqualTo(200);
    }
}
