package news.dispatch.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import news.dispatch.core.testing.ResetsDatabase;
import news.dispatch.web.AdminApiJourney;
import news.dispatch.web.ApiClient;
import news.dispatch.web.ApiClient.Answer;
import news.dispatch.web.Browser;
import news.dispatch.web.DispatchTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Who reads the API's description and the meters: admins however they sign in, nobody else; and a Prometheus
 * scraper with {@code dispatch.metrics.token}, for the meters only.
 */
@ResetsDatabase({"api_token", "delivery", "subscriber"})
class IntegrationsAccessIT extends AdminApiJourney {

    private static final List<String> BOTH = List.of("/v3/api-docs", "/actuator/prometheus");

    @ParameterizedTest
    @ValueSource(strings = {"/v3/api-docs", "/v3/api-docs.yaml", "/v3/api-docs/swagger-config", "/actuator/prometheus"})
    void onlyAdminsRead(String path) {
        Answer anonymous = ApiClient.anonymous(port).get(path);
        assertThat(anonymous.status()).as(anonymous.toString()).isEqualTo(401);
        assertThat(anonymous.header("Content-Type")).startsWith("application/problem+json");
        assertThat(anonymous.header("Set-Cookie")).as("no session for nobody").isNull();

        Answer editor = deskEditor().get(path);
        assertThat(editor.status()).as(editor.toString()).isEqualTo(403);
        assertThat(editor.header("Content-Type")).startsWith("application/problem+json");

        Answer admin = this.admin.get(path);
        assertThat(admin.status()).as(admin.toString()).isEqualTo(200);
        assertThat(admin.header("Set-Cookie")).as("Basic starts no session").isNull();
    }

    /**
     * Once, not per path: this context's tests share one client address, whose failed sign-ins are limited, and a
     * wrong password for the admin would count against the admin's own sign-ins from it.
     */
    @Test
    void aWrongPasswordReadsNeither() {
        for (String path : BOTH) {
            assertThat(ApiClient.anonymous(port).as("docs-reader", "not-the-password").get(path).status()).as(path)
                    .isEqualTo(401);
        }
    }

    @Test
    void anAdminsApiTokenAndPageSessionOpenBoth() {
        String adminToken = admin.post("/api/admin/tokens", "{\"name\": \"docs\", \"role\": \"ADMIN\"}").json()
                .get("secret").asString();
        String editorToken = admin.post("/api/admin/tokens", "{\"name\": \"desk\", \"role\": \"EDITOR\"}").json()
                .get("secret").asString();
        Browser signedIn = new Browser(port).signedInAs(DispatchTest.ADMIN, DispatchTest.ADMIN_PASSWORD);
        deskEditor();
        Browser editorSignedIn = new Browser(port).signedInAs("desk", "desk-password");

        for (String path : BOTH) {
            assertThat(ApiClient.anonymous(port).bearing(adminToken).get(path).status()).as(path).isEqualTo(200);
            assertThat(ApiClient.anonymous(port).bearing(editorToken).get(path).status()).as(path).isEqualTo(403);
            assertThat(ApiClient.anonymous(port).bearing("not-a-token").get(path).status()).as(path).isEqualTo(401);
            assertThat(signedIn.get(path).status()).as(path).isEqualTo(200);
            assertThat(editorSignedIn.get(path).status()).as(path).isEqualTo(403);
        }
    }

    @Test
    void theScrapeTokenReadsTheMetersAndNothingElse() {
        ApiClient scraper = ApiClient.anonymous(port).bearing(DispatchTest.METRICS_TOKEN);

        Answer scrape = scraper.get("/actuator/prometheus");
        assertThat(scrape.status()).as(scrape.toString()).isEqualTo(200);
        assertThat(scrape.header("Content-Type")).startsWith("text/plain");
        assertThat(scrape.body()).contains("# TYPE dispatch_mail_queue gauge");

        assertThat(scraper.get("/v3/api-docs").status()).isEqualTo(401);
        assertThat(scraper.get("/actuator/metrics").status()).isEqualTo(401);
        assertThat(scraper.get("/api/admin/stats").status()).isEqualTo(401);
        assertThat(scraper.get("/api/articles").status()).isEqualTo(401);
        assertThat(ApiClient.anonymous(port).bearing(DispatchTest.METRICS_TOKEN + "x").get("/actuator/prometheus")
                .status()).isEqualTo(401);
        assertThat(ApiClient.anonymous(port).bearing(DispatchTest.METRICS_TOKEN.substring(1))
                .get("/actuator/prometheus").status()).isEqualTo(401);
    }
}
