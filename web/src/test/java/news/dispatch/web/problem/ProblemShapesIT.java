package news.dispatch.web.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import news.dispatch.web.ApiClient;
import news.dispatch.web.DispatchTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Every refusal reads alike, whoever writes it (a controller, the security filters, the container's error page): its
 * title, status, detail and the path it answers as {@code instance}, and no {@code type} (RFC 9457's
 * {@code about:blank}). Until 7 December a 401 had no {@code instance} and a 404 or 405 nobody mapped had a
 * {@code type}, so a client's log of them read differently.
 */
@DispatchTest
class ProblemShapesIT {

    @LocalServerPort
    int port;

    @Test
    void refusalsFromEveryLayerHaveTheSameFields() {
        ApiClient anonymous = ApiClient.anonymous(port);
        ApiClient admin = anonymous.as(DispatchTest.ADMIN, DispatchTest.ADMIN_PASSWORD);
        Map<String, ApiClient.Answer> answers = Map.of(
                "/api/admin/subscribers", anonymous.get("/api/admin/subscribers"),
                "/api/articles", anonymous.bearing("not-a-token").get("/api/articles"),
                "/api/admin/subscribers/987654", admin.get("/api/admin/subscribers/987654"),
                "/api/nothing-here", admin.get("/api/nothing-here"),
                "/api/articles/", admin.send("DELETE", "/api/articles"),
                "/api/subscriptions", anonymous.post("/api/subscriptions", "{}"),
                "/api/subscriptions/", anonymous.send("POST", "/api/subscriptions", "text/plain", "hello"));

        answers.forEach((path, answer) -> {
            assertThat(answer.header("Content-Type")).as(path).startsWith("application/problem+json");
            JsonNode problem = answer.json();
            assertThat(problem.path("status").asInt()).as(path).isEqualTo(answer.status());
            assertThat(List.of("title", "detail", "instance")).as(path)
                    .allSatisfy(field -> assertThat(problem.path(field).asText()).as(path + " " + field).isNotBlank());
            assertThat(problem.path("instance").asText()).as(path).isEqualTo(path.replaceAll("/$", ""));
            assertThat(problem.has("type")).as(path).isFalse();
        });
    }
}
