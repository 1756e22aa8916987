package news.dispatch.web.account;

import static org.assertj.core.api.Assertions.assertThat;

import news.dispatch.web.ApiClient;
import news.dispatch.web.DispatchTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

@DispatchTest
class LoginPageIT {

    @LocalServerPort
    int port;

    @Test
    void strangersAreSentToTheLoginPage() {
        ApiClient.Answer staffPage = ApiClient.anonymous(port).get("/editor/articles");
        assertThat(staffPage.status()).isEqualTo(302);
        assertThat(staffPage.header("Location")).endsWith("/login");
        assertThat(ApiClient.anonymous(port).get("/").status()).as("the readers' front page").isEqualTo(200);

        ApiClient.Answer login = ApiClient.anonymous(port).get("/login");
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.body()).contains("<label for=\"username\">", "<label for=\"password\">",
                "name=\"_csrf\"", "action=\"/login\"");
    }

    @Test
    void pagesCarryAStrictContentSecurityPolicy() {
        ApiClient.Answer login = ApiClient.anonymous(port).get("/login");
        assertThat(login.header("Content-Security-Policy")).contains("script-src 'self'", "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline");
        assertThat(login.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(ApiClient.anonymous(port).get("/subscribe").header("Content-Security-Policy")).isNotNull();
    }
}
