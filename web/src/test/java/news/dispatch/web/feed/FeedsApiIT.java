package news.dispatch.web.feed;

import static org.assertj.core.api.Assertions.assertThat;

import news.dispatch.web.ApiClient;
import news.dispatch.web.DispatchTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

@DispatchTest
class FeedsApiIT {

    @LocalServerPort
    int port;

    @Test
    void adminsSeeTheConfiguredFeedsAndStrangersDoNot() {
        ApiClient admin = ApiClient.anonymous(port).as(DispatchTest.ADMIN, DispatchTest.ADMIN_PASSWORD);
        assertThat(admin.get("/api/admin/feeds").status()).isEqualTo(200);
        assertThat(admin.get("/api/admin/feeds").json().isArray()).isTrue();
        assertThat(admin.post("/api/admin/feeds/poll", "").status()).isEqualTo(200);
        assertThat(ApiClient.anonymous(port).get("/api/admin/feeds").status()).isEqualTo(401);
    }
}
