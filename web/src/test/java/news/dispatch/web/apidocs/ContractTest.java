package news.dispatch.web.apidocs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.Set;
import java.util.TreeSet;

import news.dispatch.web.apidocs.Contract.Endpoint;
import org.junit.jupiter.api.Test;

class ContractTest {

    @Test
    void readsEndpointsWithTheStatusesNamedForThem() {
        Contract contract = Contract.read("""
                ## Articles

                - `POST /api/articles`
                  `{"title"}` → `201`, `Location` header; a second article with the same url → `409`.
                - `GET /api/articles?tag=&page=&size=` newest first; `GET /api/articles/{id}`.
                - `GET /api/admin/subscribers/{id}`; `PATCH` with any of `status`, `DELETE` erases → `204`.
                - Preferences (`GET`/`PUT /api/preferences/{token}`, the page) add `"sendHour"` 0–23 `2025-11-27T11:44:00Z`.
                - `GET /api/admin/webhooks`, `DELETE
                  /api/admin/webhooks/{id}`. Each event is a `POST` of `{"type"}`.
                - `DELETE /api/admin/suppressions/{email}` lifts it (`204`).
                  A suppressed address gets nothing: a sign-up answers the same `202`.
                - `POST /unsubscribe/{token}` → `200`.

                | `GET /api/not-a-bullet` | `500` |
                """);

        assertThat(contract.endpoints()).containsExactly(
                entry(Endpoint.of("POST", "/api/articles"), new TreeSet<>(Set.of(201, 409))),
                entry(Endpoint.of("GET", "/api/articles"), new TreeSet<>()),
                entry(Endpoint.of("GET", "/api/articles/{x}"), new TreeSet<>()),
                entry(Endpoint.of("GET", "/api/admin/subscribers/{x}"), new TreeSet<>()),
                entry(Endpoint.of("PATCH", "/api/admin/subscribers/{x}"), new TreeSet<>()),
                entry(Endpoint.of("DELETE", "/api/admin/subscribers/{x}"), new TreeSet<>(Set.of(204))),
                entry(Endpoint.of("GET", "/api/preferences/{x}"), new TreeSet<>()),
                entry(Endpoint.of("PUT", "/api/preferences/{x}"), new TreeSet<>()),
                entry(Endpoint.of("GET", "/api/admin/webhooks"), new TreeSet<>()),
                entry(Endpoint.of("DELETE", "/api/admin/webhooks/{x}"), new TreeSet<>()),
                entry(Endpoint.of("DELETE", "/api/admin/suppressions/{x}"), new TreeSet<>(Set.of(204))));
    }
}
