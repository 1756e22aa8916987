package news.dispatch.web.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import news.dispatch.core.InvalidInput;
import news.dispatch.core.testing.ResetsDatabase;
import news.dispatch.web.ApiClient;
import news.dispatch.web.ApiClient.Answer;
import news.dispatch.web.Browser;
import news.dispatch.web.Browser.Page;
import news.dispatch.web.DispatchTest;
import news.dispatch.web.problem.Conflict;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import tools.jackson.databind.JsonNode;

/** API tokens for scripts: made, listed and revoked by admins through the API and the page, used as Bearer. */
@DispatchTest
@ResetsDatabase("api_token")
class ApiTokensIT {

    private static final String TOKENS = "/api/admin/tokens";
    private static final Pattern SECRET_ON_PAGE = Pattern.compile("<code id=\"secret\">([^<]+)</code>");

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Accounts accounts;

    @Autowired
    ApiTokens tokens;

    ApiClient anonymous;
    ApiClient admin;

    @BeforeEach
    void setUp() {
        anonymous = ApiClient.anonymous(port);
        admin = anonymous.as(DispatchTest.ADMIN, DispatchTest.ADMIN_PASSWORD);
    }

    @Test
    void anAdminMakesATokenSeesItsSecretOnceAndAScriptUsesIt() {
        Answer made = admin.post(TOKENS, "{\"name\": \"nightly import\", \"role\": \"ADMIN\"}");

        assertThat(made.status()).as(made.toString()).isEqualTo(201);
        JsonNode token = made.json();
        String secret = token.get("secret").asString();
        assertThat(secret).matches("dispatch_\\d+_[A-Za-z0-9_-]{43}");
        assertThat(made.header("Location")).isEqualTo(TOKENS + "/" + token.get("id").asLong());
        assertThat(token.get("name").asString()).isEqualTo("nightly import");
        assertThat(token.get("role").asString()).isEqualTo("ADMIN");
        assertThat(token.get("createdBy").asString()).isEqualTo(DispatchTest.ADMIN);
        assertThat(token.get("lastUsedAt").isNull()).isTrue();
        assertThat(jdbc.sql("select secret_hash from api_token").query(String.class).single())
                .as("only a hash is kept").hasSize(64).doesNotContain(secret.substring(secret.lastIndexOf('_') + 1));

        ApiClient script = anonymous.bearing(secret);
        assertThat(script.get("/api/admin/stats").status()).isEqualTo(200);
        Answer imported = script.send("POST", "/api/admin/subscribers/import?status=PENDING", "text/csv",
                "email,tags,frequency\nby.token@example.com,token-test,DAILY\n");
        assertThat(imported.status()).as(imported.toString()).isEqualTo(200);

        Answer listed = admin.get(TOKENS);
        assertThat(listed.body()).doesNotContain(secret).doesNotContain("secret");
        JsonNode item = listed.json().get("items").get(0);
        assertThat(listed.json().get("total").asLong()).isEqualTo(1);
        assertThat(item.propertyNames()).containsExactlyInAnyOrder("id", "name", "role", "createdBy", "createdAt",
                "lastUsedAt", "revokedAt");
        assertThat(item.get("lastUsedAt").isNull()).as("a use is noted").isFalse();
        assertThat(admin.get(TOKENS + "/" + item.get("id").asLong()).body()).doesNotContain(secret);
    }

    @Test
    void aRevokedUnknownOrMalformedTokenIsRefusedWith401() {
        String secret = admin.post(TOKENS, "{\"name\": \"to revoke\", \"role\": \"EDITOR\"}").json()
                .get("secret").asString();
        long id = Long.parseLong(secret.split("_")[1]);
        assertThat(anonymous.bearing(secret).get("/api/articles").status()).isEqualTo(200);

        assertThat(admin.delete(TOKENS + "/" + id).status()).isEqualTo(204);
        assertThat(admin.delete(TOKENS + "/" + id).status()).as("revoking again").isEqualTo(204);
        assertThat(admin.delete(TOKENS + "/987654").status()).isEqualTo(404);
        assertThat(admin.get(TOKENS).json().get("items").get(0).get("revokedAt").isNull()).isFalse();

        String wrongSecret = secret.substring(0, secret.length() - 1) + (secret.endsWith("A") ? "B" : "A");
        for (String refused : List.of(secret, wrongSecret, "dispatch_987654_" + "a".repeat(43), "dispatch_x",
                "", "not a token at all")) {
            Answer answer = anonymous.bearing(refused).get("/api/articles");
            assertThat(answer.status()).as(refused).isEqualTo(401);
            assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
            assertThat(answer.header("WWW-Authenticate")).startsWith("Bearer realm=\"Dispatch\"");
        }
        assertThat(anonymous.bearing(secret).get("/api/articles").header("WWW-Authenticate"))
                .contains("error=\"invalid_token\"");
    }

    @Test
    void aTokenDoesWhatItsRoleAllowsAndNoMoreThanItsMakerCan() {
        accounts.save("token-maker", "token-maker-password", Role.ADMIN);
        ApiClient maker = anonymous.as("token-maker", "token-maker-password");
        String editorToken = maker.post(TOKENS, "{\"name\": \"publisher\", \"role\": \"editor\"}").json()
                .get("secret").asString();
        String adminToken = maker.post(TOKENS, "{\"name\": \"everything\", \"role\": \"ADMIN\"}").json()
                .get("secret").asString();

        ApiClient editorScript = anonymous.bearing(editorToken);
        Answer published = editorScript.post("/api/articles", "{\"title\": \"By token\", \"tags\": [\"token-test\"]}");
        assertThat(published.status()).as(published.toString()).isEqualTo(201);
        // A reader for the alert to reach: one that reaches nobody is not kept.
        assertThat(admin.send("POST", "/api/admin/subscribers/import?status=ACTIVE", "text/csv; charset=utf-8",
                "email,tags,frequency\ntoken.reader@example.com,token-test,DAILY\n").status()).isEqualTo(200);
        Answer alert = editorScript.send("POST", "/api/articles/" + published.json().get("id").asLong() + "/alert");
        assertThat(alert.status()).as(alert.toString()).isEqualTo(202);
        assertThat(jdbc.sql("select sent_by from alert where id = ?").param(alert.json().get("alertId").asLong())
                .query(String.class).single()).as("a token acts for its maker").isEqualTo("token-maker");
        assertThat(editorScript.get("/api/admin/stats").status()).isEqualTo(403);
        assertThat(editorScript.post(TOKENS, "{\"name\": \"escalate\", \"role\": \"ADMIN\"}").status())
                .isEqualTo(403);
        assertThat(anonymous.bearing(adminToken).get("/api/admin/stats").status()).isEqualTo(200);

        // The maker is made an editor: their admin token can do no more than they can now.
        accounts.save("token-maker", "token-maker-password", Role.EDITOR);
        assertThat(anonymous.bearing(adminToken).get("/api/admin/stats").status()).isEqualTo(403);
        assertThat(anonymous.bearing(adminToken).get("/api/articles").status()).isEqualTo(200);

        SignedInAccount editor = accounts.loadUserByUsername("token-maker");
        assertThatThrownBy(() -> tokens.create("escalate", "ADMIN", UsernamePasswordAuthenticationToken
                .authenticated(editor, null, editor.getAuthorities())))
                .isInstanceOf(InvalidInput.class).hasMessageContaining("no more than");
        assertThat(maker.get(TOKENS).status()).as("editors do not see tokens").isEqualTo(403);
    }

    @Test
    void aTokenMakesNoTokensSoRevokingALeakedOneEndsAllItCouldDo() {
        String leaked = admin.post(TOKENS, "{\"name\": \"leaked\", \"role\": \"ADMIN\"}").json()
                .get("secret").asString();

        Answer child = anonymous.bearing(leaked).post(TOKENS, "{\"name\": \"child\", \"role\": \"ADMIN\"}");

        assertThat(child.status()).as(child.toString()).isEqualTo(403);
        assertThat(child.header("Content-Type")).startsWith("application/problem+json");
        assertThat(child.json().get("detail").asString()).isEqualTo("An API token cannot make tokens: a person "
                + "makes them, signed in or with HTTP Basic, so that revoking a token ends all it could do.");
        assertThat(admin.get(TOKENS).json().get("total").asLong()).isEqualTo(1);
    }

    @Test
    void aTokenAskedForByAnAccountRemovedMeanwhileIsAConflictNotA500() {
        SignedInAccount removed = new SignedInAccount("token-ghost", "", Role.ADMIN, 1);

        assertThatThrownBy(() -> tokens.create("too late", "EDITOR", UsernamePasswordAuthenticationToken
                .authenticated(removed, null, removed.getAuthorities())))
                .isInstanceOf(Conflict.class).hasMessage("Your account was removed meanwhile: no token was made.");
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void whatATokenDoesIsLoggedAsTheTokensNotAsItsMakersByHand(CapturedOutput log) {
        JsonNode made = admin.post(TOKENS, "{\"name\": \"self-revoking\", \"role\": \"ADMIN\"}").json();
        long id = made.get("id").asLong();

        assertThat(anonymous.bearing(made.get("secret").asString()).delete(TOKENS + "/" + id).status())
                .isEqualTo(204);

        assertThat(log.getOut()).contains("API token " + id + " revoked by '" + DispatchTest.ADMIN
                + "' through API token " + id);
    }

    @Test
    void aDisabledMakersTokensStopWorkingUntilTheAccountIsEnabledAgain() {
        accounts.save("token-leaver", "token-leaver-password", Role.ADMIN);
        String secret = anonymous.as("token-leaver", "token-leaver-password")
                .post(TOKENS, "{\"name\": \"leaver's script\", \"role\": \"EDITOR\"}").json()
                .get("secret").asString();
        assertThat(anonymous.bearing(secret).get("/api/articles").status()).isEqualTo(200);

        accounts.disable("token-leaver");
        assertThat(anonymous.bearing(secret).get("/api/articles").status()).isEqualTo(401);

        accounts.enable("token-leaver");
        assertThat(anonymous.bearing(secret).get("/api/articles").status()).isEqualTo(200);
    }

    @Test
    void aTokenNeedsANameAndAKnownRole() {
        assertThat(field(admin.post(TOKENS, "{\"name\": \" \", \"role\": \"EDITOR\"}"))).isEqualTo("name");
        assertThat(field(admin.post(TOKENS, "{\"role\": \"EDITOR\"}"))).isEqualTo("name");
        assertThat(field(admin.post(TOKENS, "{\"name\": \"" + "n".repeat(101) + "\", \"role\": \"EDITOR\"}")))
                .isEqualTo("name");
        assertThat(field(admin.post(TOKENS, "{\"name\": \"two\\nlines\", \"role\": \"EDITOR\"}"))).isEqualTo("name");
        assertThat(field(admin.post(TOKENS, "{\"name\": \"x\", \"role\": \"OWNER\"}"))).isEqualTo("role");
        assertThat(field(admin.post(TOKENS, "{\"name\": \"x\"}"))).isEqualTo("role");
        assertThat(admin.get(TOKENS).json().get("total").asLong()).isZero();
        assertThat(anonymous.post(TOKENS, "{\"name\": \"x\", \"role\": \"ADMIN\"}").status()).isEqualTo(401);
    }

    @Test
    void aTokenIsNoPassPastTheCrossSiteRefusal() {
        String secret = admin.post(TOKENS, "{\"name\": \"cross\", \"role\": \"ADMIN\"}").json()
                .get("secret").asString();
        Answer forged = anonymous.bearing(secret).with("Sec-Fetch-Site", "cross-site")
                .send("POST", "/api/admin/digests/run");
        assertThat(forged.status()).as(forged.toString()).isEqualTo(403);
    }

    @Test
    void anAdminMakesAndRevokesATokenOnThePage() {
        Browser browser = new Browser(port).signedInAs(DispatchTest.ADMIN, DispatchTest.ADMIN_PASSWORD);
        Page empty = browser.get("/admin/tokens");
        assertThat(empty.status()).isEqualTo(200);
        assertThat(empty.body()).contains("<h1>API tokens</h1>", "No tokens yet.");

        assertThat(browser.post("/admin/tokens", "name", "no csrf", "role", "EDITOR").status()).isEqualTo(403);
        Page posted = browser.post("/admin/tokens", "name", "feed <script>", "role", "EDITOR", "_csrf",
                empty.csrf());
        assertThat(posted.status()).as("redirected, so a reload makes no second token").isEqualTo(302);
        Page made = browser.follow(posted);

        assertThat(made.status()).isEqualTo(200);
        assertThat(made.header("Cache-Control")).contains("no-store");
        assertThat(made.body()).contains("Token feed &lt;script&gt; was made.").doesNotContain("feed <script>");
        Matcher shown = SECRET_ON_PAGE.matcher(made.body());
        assertThat(shown.find()).as("the secret on the page").isTrue();
        String secret = shown.group(1);
        assertThat(anonymous.bearing(secret).get("/api/articles").status()).isEqualTo(200);

        Page list = browser.get("/admin/tokens");
        assertThat(list.body()).contains("feed &lt;script&gt;", "EDITOR", DispatchTest.ADMIN).doesNotContain(secret);
        long id = Long.parseLong(secret.split("_")[1]);
        Page revoked = browser.post("/admin/tokens/" + id + "/revoke", "_csrf", list.csrf());
        assertThat(revoked.status()).isEqualTo(302);
        assertThat(revoked.header("Location")).endsWith("/admin/tokens?revoked=" + id);
        assertThat(browser.get("/admin/tokens?revoked=" + id).body()).contains("was revoked", "Revoked ");
        assertThat(anonymous.bearing(secret).get("/api/articles").status()).isEqualTo(401);

        Page refused = browser.post("/admin/tokens", "name", "", "role", "EDITOR", "_csrf", list.csrf());
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("Not made: name is 1 to 100 characters");
    }

    private static String field(Answer answer) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        return answer.json().get("errors").get(0).get("field").asString();
    }
}
