package news.dispatch.web.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import news.dispatch.web.ApiClient;
import news.dispatch.web.Browser;
import news.dispatch.web.Browser.Page;
import news.dispatch.web.DispatchTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The Users page's care for accounts: one account per name in any case, no blank passwords, sessions that end with a
 * new password, disabling or removal (on the API too), and an enabled admin always left.
 */
@DispatchTest
class UserPagesIT {

    @LocalServerPort
    int port;

    @Autowired
    Accounts accounts;

    @Autowired
    JdbcClient jdbc;

    @Test
    void namesDifferingOnlyInCaseAreOneAccount() {
        jdbc.sql("delete from account where username like 'desk-%'").update();
        Browser admin = signedIn(DispatchTest.ADMIN, DispatchTest.ADMIN_PASSWORD);
        Page users = admin.get("/admin/users");
        admin.post("/admin/users", "username", "desk-Erin", "password", "erins-long-password", "role", "EDITOR",
                "_csrf", users.csrf());

        Page twin = admin.post("/admin/users", "username", "DESK-erin", "password", "twins-long-password",
                "role", "ADMIN", "_csrf", users.csrf());

        assertThat(twin.status()).isEqualTo(409);
        assertThat(twin.body()).contains("There is an account DESK-erin already");
        assertThat(signedIn(" DESK-ERIN ", "erins-long-password").get("/").header("Location"))
                .endsWith("/editor/articles");
    }

    @Test
    void passwordsOfOnlyBlanksOrControlCharactersAreRefused() {
        jdbc.sql("delete from account where username like 'desk-%'").update();
        accounts.save("desk-fay", "fays-long-password", Role.EDITOR);
        Browser admin = signedIn(DispatchTest.ADMIN, DispatchTest.ADMIN_PASSWORD);
        Page users = admin.get("/admin/users");

        for (String blank : List.of(" ".repeat(14), "\t\n\r".repeat(5), "\u0001\u0002\u001f\u007f".repeat(4),
                "\u00a0\u2003\u200b\u3000".repeat(4))) {
            Page added = admin.post("/admin/users", "username", "desk-blank", "password", blank, "role", "EDITOR",
                    "_csrf", users.csrf());
            assertThat(added.status()).isEqualTo(400);
            assertThat(added.body()).contains("Not added: please correct the marked fields.",
                    "id=\"password-error\">A password needs letters, digits or signs, not only blanks or control "
                            + "characters.</p>");
            Page reset = admin.post("/admin/users/desk-fay/password", "password", blank, "_csrf", users.csrf());
            assertThat(reset.status()).isEqualTo(400);
            assertThat(reset.body()).contains("The password of desk-fay was not changed",
                    "id=\"password-desk-fay-error\">A password needs letters");
        }
        assertThat(accounts.exists("desk-blank")).isFalse();
        signedIn("desk-fay", "fays-long-password");
    }

    @Test
    void aNewPasswordEndsTheAccountsSessionsAndItsOldPasswordOnTheApi() {
        accounts.save("desk-carl", "carls-old-password", Role.EDITOR);
        Browser carl = signedIn("desk-carl", "carls-old-password");
        assertThat(carl.get("/editor/articles").status()).isEqualTo(200);
        Browser admin = signedIn(DispatchTest.ADMIN, DispatchTest.ADMIN_PASSWORD);

        Page reset = admin.post("/admin/users/desk-carl/password", "password", "carls-new-password",
                "_csrf", admin.get("/admin/users").csrf());

        assertThat(reset.header("Location")).endsWith("/admin/users");
        Page ended = carl.get("/editor/articles");
        assertThat(ended.status()).isEqualTo(302);
        assertThat(ended.header("Location")).endsWith("/login");
        assertThat(ApiClient.anonymous(port).as("desk-carl", "carls-old-password").get("/api/articles").status())
                .isEqualTo(401);
        assertThat(ApiClient.anonymous(port).as("desk-carl", "carls-new-password").get("/api/articles").status())
                .isEqualTo(200);
        assertThat(admin.get("/admin/users").status()).as("the admin's own session goes on").isEqualTo(200);
    }

    @Test
    void whoChangesTheirOwnPasswordKeepsARenewedSessionAndTheirOtherSessionsEnd() {
        accounts.save("desk-chief", "chiefs-old-password", Role.ADMIN);
        Browser here = signedIn("desk-chief", "chiefs-old-password");
        Browser elsewhere = signedIn("desk-chief", "chiefs-old-password");

        Page changed = here.post("/admin/users/desk-chief/password", "password", "chiefs-new-password",
                "_csrf", here.get("/admin/users").csrf());

        assertThat(changed.header("Location")).endsWith("/admin/users");
        assertThat(sessionCookie(changed)).as("a new session id").contains("HttpOnly");
        assertThat(here.follow(changed).body())
                .contains("The password of desk-chief was changed: its other sessions have ended.");
        assertThat(elsewhere.get("/admin/users").header("Location")).endsWith("/login");
    }

    @Test
    void aDisabledAccountIsSignedOutAndCannotSignInUntilEnabledAndARemovedOneIsGone() {
        accounts.save("desk-dora", "doras-long-password", Role.ADMIN);
        Browser dora = signedIn("desk-dora", "doras-long-password");
        ApiClient doraApi = ApiClient.anonymous(port).as("desk-dora", "doras-long-password");
        Browser admin = signedIn(DispatchTest.ADMIN, DispatchTest.ADMIN_PASSWORD);
        Page users = admin.get("/admin/users");

        Page disabled = admin.post("/admin/users/desk-dora/disable", "_csrf", users.csrf());

        assertThat(disabled.header("Location")).endsWith("/admin/users");
        assertThat(admin.follow(disabled).body())
                .contains("Account desk-dora is disabled", "<td>disabled</td>",
                        "action=\"/admin/users/desk-dora/enable\"");
        assertThat(dora.get("/admin").header("Location")).endsWith("/login");
        assertThat(doraApi.get("/api/admin/stats").status()).isEqualTo(401);
        Browser again = new Browser(port);
        Page refused = again.post("/login", "username", "desk-dora", "password", "doras-long-password",
                "_csrf", again.get("/login").csrf());
        assertThat(refused.header("Location")).as("said as for a wrong password").endsWith("/login?error");

        Page enabled = admin.post("/admin/users/desk-dora/enable", "_csrf", users.csrf());
        assertThat(admin.follow(enabled).body()).contains("Account desk-dora is enabled again.");
        Browser back = signedIn("desk-dora", "doras-long-password");
        assertThat(doraApi.get("/api/admin/stats").status()).isEqualTo(200);

        Page confirm = admin.get("/admin/users/desk-dora/remove");
        assertThat(confirm.body()).contains("Remove desk-dora?", "cannot be undone", "Remove for good");
        Page removed = admin.post("/admin/users/desk-dora/remove", "_csrf", confirm.csrf());
        assertThat(removed.header("Location")).endsWith("/admin/users");
        assertThat(accounts.exists("desk-dora")).isFalse();
        assertThat(admin.follow(removed).body()).contains("Account desk-dora was removed")
                .doesNotContain("<td>desk-dora</td>");
        assertThat(back.get("/admin").header("Location")).endsWith("/login");
        assertThat(doraApi.get("/api/admin/stats").status()).isEqualTo(401);
        assertThat(admin.post("/admin/users/desk-dora/disable", "_csrf", users.csrf()).status()).isEqualTo(404);
    }

    @Test
    void theLastEnabledAdminCannotDisableOrRemoveThemselves() {
        // Every other admin the tests made is disabled for this one, so that the admin is the last enabled one.
        jdbc.sql("update account set enabled = false where role = 'ADMIN' and username <> ?")
                .param(DispatchTest.ADMIN).update();
        try {
            Browser admin = signedIn(DispatchTest.ADMIN, DispatchTest.ADMIN_PASSWORD);
            Page users = admin.get("/admin/users");

            Page disabled = admin.post("/admin/users/" + DispatchTest.ADMIN + "/disable", "_csrf", users.csrf());
            assertThat(disabled.status()).isEqualTo(409);
            assertThat(disabled.body()).contains("admin is the only enabled admin, so it cannot be disabled: "
                    + "add or enable another admin first.");
            Page removed = admin.post("/admin/users/" + DispatchTest.ADMIN + "/remove", "_csrf", users.csrf());
            assertThat(removed.status()).isEqualTo(409);
            assertThat(removed.body()).contains("so it cannot be removed");

            assertThat(admin.get("/admin/users").status()).isEqualTo(200);
            assertThat(ApiClient.anonymous(port).as(DispatchTest.ADMIN, DispatchTest.ADMIN_PASSWORD)
                    .get("/api/admin/stats").status()).isEqualTo(200);
        } finally {
            jdbc.sql("update account set enabled = true where role = 'ADMIN'").update();
        }
    }

    @Test
    void aRemovedAccountsSessionStaysEndedWhenItsNameIsGivenToANewAccount() {
        jdbc.sql("delete from account where username = 'desk-gus'").update();
        Browser admin = signedIn(DispatchTest.ADMIN, DispatchTest.ADMIN_PASSWORD);
        Page users = admin.get("/admin/users");
        admin.post("/admin/users", "username", "desk-gus", "password", "guss-first-password", "role", "ADMIN",
                "_csrf", users.csrf());
        Browser gus = signedIn("desk-gus", "guss-first-password");
        assertThat(gus.get("/admin/users").status()).isEqualTo(200);

        admin.post("/admin/users/desk-gus/remove", "_csrf", users.csrf());
        admin.post("/admin/users", "username", "desk-gus", "password", "the-new-hires-password", "role", "EDITOR",
                "_csrf", users.csrf());

        Page ended = gus.get("/admin/users");
        assertThat(ended.header("Location")).as("the old session, not the new account's").endsWith("/login");
        assertThat(gus.follow(ended).body()).contains("Your session ended because your account was changed");
        assertThat(gus.post("/admin/users", "username", "desk-gus2", "password", "a-planted-password", "role",
                "ADMIN", "_csrf", users.csrf()).status()).isIn(302, 403);
        assertThat(accounts.exists("desk-gus2")).isFalse();
    }

    @Test
    void namesOfDotsAloneWhichNoLinkCanHoldAreRefused() {
        Browser admin = signedIn(DispatchTest.ADMIN, DispatchTest.ADMIN_PASSWORD);
        Page users = admin.get("/admin/users");

        for (String dots : List.of(".", "..", "...")) {
            Page added = admin.post("/admin/users", "username", dots, "password", "dots-long-password", "role",
                    "ADMIN", "_csrf", users.csrf());
            assertThat(added.status()).isEqualTo(400);
            assertThat(added.body()).contains("id=\"username-error\">A name is 1 to 100 letters", "not dots alone.</p>");
            assertThat(accounts.exists(dots)).isFalse();
        }
        assertThat(admin.post("/admin/users", "username", "desk.ivy", "password", "ivys-long-password", "role",
                "EDITOR", "_csrf", users.csrf()).status()).isEqualTo(302);
    }

    @Test
    void passwordsEasyToGuessAreRefusedOnTheUsersPage() {
        Browser admin = signedIn(DispatchTest.ADMIN, DispatchTest.ADMIN_PASSWORD);
        Page users = admin.get("/admin/users");

        for (String weak : List.of("aaaaaaaaaaaa", "123412341234", "  x  x  x  x  ")) {
            Page added = admin.post("/admin/users", "username", "desk-jo", "password", weak, "role", "EDITOR",
                    "_csrf", users.csrf());
            assertThat(added.status()).isEqualTo(400);
            assertThat(added.body()).contains("id=\"password-error\">A password needs at least 5 different "
                    + "characters, not a few repeated.</p>");
        }
        Page named = admin.post("/admin/users", "username", "desk-jo", "password", "Desk-Jo-2026!", "role",
                "EDITOR", "_csrf", users.csrf());
        assertThat(named.body()).contains("id=\"password-error\">A password needs more than the account");
        assertThat(accounts.exists("desk-jo")).isFalse();
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aNewRoleEndsTheAccountsSessionsAndTheLastAdminKeepsTheirs(CapturedOutput log) {
        jdbc.sql("delete from account where username = 'desk-hal'").update();
        accounts.save("desk-hal", "hals-long-password", Role.EDITOR);
        Browser hal = signedIn("desk-hal", "hals-long-password");
        assertThat(hal.get("/admin/users").status()).isEqualTo(403);
        Browser admin = signedIn(DispatchTest.ADMIN, DispatchTest.ADMIN_PASSWORD);
        Page users = admin.get("/admin/users");
        assertThat(users.body()).contains("action=\"/admin/users/desk-hal/role\"");

        Page promoted = admin.post("/admin/users/desk-hal/role", "role", "ADMIN", "_csrf", users.csrf());

        assertThat(promoted.header("Location")).endsWith("/admin/users");
        assertThat(admin.follow(promoted).body()).contains("Account desk-hal is an ADMIN now: its sessions have ended.");
        Page unchanged = admin.post("/admin/users/desk-hal/role", "role", "ADMIN", "_csrf", users.csrf());
        assertThat(admin.follow(unchanged).body()).contains("Account desk-hal is an ADMIN already: nothing changed.");
        assertThat(hal.get("/editor/articles").header("Location")).endsWith("/login");
        assertThat(signedIn("desk-hal", "hals-long-password").get("/admin/users").status()).isEqualTo(200);
        assertThat(log.getOut()).contains("Account 'desk-hal' made ADMIN by '" + DispatchTest.ADMIN + "'");

        jdbc.sql("update account set enabled = false where role = 'ADMIN' and username <> ?")
                .param(DispatchTest.ADMIN).update();
        try {
            Page demoted = admin.post("/admin/users/" + DispatchTest.ADMIN + "/role", "role", "EDITOR",
                    "_csrf", users.csrf());
            assertThat(demoted.status()).isEqualTo(409);
            assertThat(demoted.body()).contains("admin is the only enabled admin, so it cannot be made an EDITOR");
        } finally {
            jdbc.sql("update account set enabled = true where role = 'ADMIN'").update();
        }
    }

    @Test
    void aNoticeSaysWhatWasDoneOnceAndNothingPutInTheAddressBecomesOne() {
        jdbc.sql("delete from account where username = 'desk-ned'").update();
        accounts.save("desk-ned", "neds-long-password", Role.EDITOR);
        Browser admin = signedIn(DispatchTest.ADMIN, DispatchTest.ADMIN_PASSWORD);
        Page users = admin.get("/admin/users");

        for (String address : List.of("/admin/users?removed=Password-expired.Re-enter-it-at-evil.example",
                "/admin/users?disabled=desk-ned", "/admin/users?added=" + DispatchTest.ADMIN)) {
            assertThat(admin.get(address).body()).as(address).doesNotContain("notice ok", "evil.example");
        }
        Page enabled = admin.post("/admin/users/desk-ned/enable", "_csrf", users.csrf());
        assertThat(admin.follow(enabled).body()).contains("Account desk-ned is enabled already: nothing changed.");
        assertThat(admin.get("/admin/users").body()).as("said once").doesNotContain("notice ok");
    }

    @Test
    void theRemovalsConfirmationNamesTheApiTokensThatGoWithTheAccount() {
        jdbc.sql("delete from account where username = 'desk-kim'").update();
        accounts.save("desk-kim", "kims-long-password", Role.ADMIN);
        ApiClient.anonymous(port).as("desk-kim", "kims-long-password")
                .post("/api/admin/tokens", "{\"name\": \"cms-sync\", \"role\": \"EDITOR\"}");
        Browser admin = signedIn(DispatchTest.ADMIN, DispatchTest.ADMIN_PASSWORD);

        assertThat(admin.get("/admin/users/desk-kim/remove").body())
                .contains("The API tokens it made are deleted with it", "cms-sync");
    }

    private Browser signedIn(String username, String password) {
        return new Browser(port).signedInAs(username, password);
    }

    private static String sessionCookie(Page page) {
        return page.response().headers().allValues("Set-Cookie").stream()
                .filter(cookie -> cookie.startsWith("JSESSIONID=")).findFirst().orElseThrow();
    }
}
