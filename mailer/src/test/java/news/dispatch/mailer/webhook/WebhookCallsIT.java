package news.dispatch.mailer.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import news.dispatch.core.paging.PageRequest;
import news.dispatch.core.testing.MutableClock;
import news.dispatch.core.testing.ResetsDatabase;
import news.dispatch.mailer.MailerTestApplication;
import news.dispatch.mailer.webhook.Webhooks.Call;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** How webhook calls are queued and claimed, in SQL, with the workers off and the clock in the test's hand. */
@SpringBootTest(classes = MailerTestApplication.class, properties = {
        "spring.datasource.url=jdbc:h2:mem:webhook_calls;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "spring.mail.host=127.0.0.1",
        "dispatch.mail.enabled=false",
        "dispatch.webhooks.enabled=false",
        "dispatch.webhooks.allowed-hosts=127.0.0.1"})
@Import(WebhookCallsIT.Time.class)
@ResetsDatabase("webhook")
class WebhookCallsIT {

    private static final Duration LEASE = Duration.ofMinutes(2);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    JdbcWebhooks webhooks;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    MutableClock clock;

    @Test
    void queuesOneCallForEveryEndpointThatListensInOneStatement() {
        long first = register("subscriber.confirmed", "article.published");
        long second = register("article.published");
        register("alert.sent");

        assertThat(announce(EventType.ARTICLE_PUBLISHED, null, 1)).isEqualTo(2);
        assertThat(announce(EventType.SUBSCRIBER_CONFIRMED, 7L, 2)).isEqualTo(1);

        assertThat(jdbc.sql("select webhook_id from webhook_call where type = 'article.published' order by webhook_id")
                .query(Long.class).list()).containsExactly(first, second);
        List<String> ids = jdbc.sql("select message_id from webhook_call").query(String.class).list();
        assertThat(ids).doesNotHaveDuplicates().allMatch(id -> id.startsWith("msg_"));
        assertThat(jdbc.sql("select order_key from webhook_call where type = 'subscriber.confirmed'")
                .query(Long.class).single()).isEqualTo(7L);
    }

    @Test
    void aReadersLaterCallWaitsWhileAnEarlierOneToTheSameEndpointIsOpen() {
        register("subscriber.suspended", "article.published");
        announce(EventType.SUBSCRIBER_SUSPENDED, 7L, 0);
        announce(EventType.SUBSCRIBER_SUSPENDED, 7L, 1);
        announce(EventType.SUBSCRIBER_SUSPENDED, 8L, 0);
        announce(EventType.ARTICLE_PUBLISHED, null, 0);
        announce(EventType.ARTICLE_PUBLISHED, null, 1);

        List<ClaimedCall> claimed = webhooks.claim(10, LEASE);
        assertThat(claimed).extracting(call -> seqOf(call)).containsExactly("7:0", "8:0", "-:0", "-:1");
        assertThat(webhooks.claim(10, LEASE)).as("7:1 waits while 7:0 is being made").isEmpty();

        ClaimedCall seven = claimed.get(0);
        webhooks.retryAt(seven, failure(), clock.instant().plusSeconds(30));
        assertThat(webhooks.claim(10, LEASE)).as("and while it waits for its retry").isEmpty();

        clock.advance(Duration.ofSeconds(30));
        List<ClaimedCall> retried = webhooks.claim(10, LEASE);
        assertThat(retried).extracting(call -> seqOf(call)).containsExactly("7:0");
        webhooks.sent(retried.get(0), taken());
        assertThat(webhooks.claim(10, LEASE)).extracting(call -> seqOf(call)).containsExactly("7:1");
    }

    @Test
    void aClaimHoldsForItsLeaseAndThenAnotherWorkerTakesTheCall() {
        register("article.published");
        announce(EventType.ARTICLE_PUBLISHED, null, 0);

        ClaimedCall first = webhooks.claim(10, LEASE).get(0);
        clock.advance(LEASE.minusSeconds(1));
        assertThat(webhooks.claim(10, LEASE)).isEmpty();

        clock.advance(Duration.ofSeconds(1));
        ClaimedCall again = webhooks.claim(10, LEASE).get(0);
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(again.messageId()).isEqualTo(first.messageId());
        assertThat(again.attempts()).isEqualTo(2);

        // The worker that died wakes up late: its outcome no longer counts, the claim is another's.
        webhooks.sent(first, taken());
        assertThat(jdbc.sql("select status from webhook_call").query(String.class).single()).isEqualTo("SENDING");
        webhooks.sent(again, taken());
        assertThat(jdbc.sql("select status from webhook_call").query(String.class).single()).isEqualTo("SENT");
    }

    @Test
    void workersClaimingAtOnceNeverTakeTheSameCallAndLeaveNoneBehind() throws Exception {
        register("article.published");
        for (int i = 0; i < 40; i++) {
            announce(EventType.ARTICLE_PUBLISHED, null, i);
        }
        ExecutorService workers = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<ClaimedCall>>> claims = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Callable<List<ClaimedCall>> claim = () -> webhooks.claim(15, LEASE);
                claims.add(workers.submit(claim));
            }
            List<Long> taken = new ArrayList<>();
            for (Future<List<ClaimedCall>> claim : claims) {
                claim.get().forEach(call -> taken.add(call.id()));
            }
            // A worker that found the others' windows locked may take fewer: what is left waits for its next claim.
            List<ClaimedCall> rest;
            while (!(rest = webhooks.claim(15, LEASE)).isEmpty()) {
                rest.forEach(call -> taken.add(call.id()));
            }
            assertThat(taken).doesNotHaveDuplicates().hasSize(40);
        } finally {
            workers.shutdownNow();
        }
    }

    @Test
    void erasingAReaderDeletesTheCallsMadeAboutThemAndCutsThoseStillOwedToIds() {
        long webhook = register("subscriber.confirmed", "subscriber.suspended", "delivery.failed");
        announce(EventType.SUBSCRIBER_CONFIRMED, 7L, about(7, "kim@news.example"));
        webhooks.sent(webhooks.claim(10, LEASE).get(0), taken("welcome kim@news.example"));
        announce(EventType.SUBSCRIBER_SUSPENDED, 7L, about(7, "kim@news.example"));
        announce(EventType.SUBSCRIBER_SUSPENDED, 8L, about(8, "lou@news.example"));
        List<ClaimedCall> claimed = webhooks.claim(10, LEASE);
        webhooks.retryAt(claimed.get(0), new Answer(clock.instant(), 422, "no such reader kim@news.example", 5,
                "the receiver answered HTTP 422"), clock.instant().plusSeconds(30));
        announce(EventType.DELIVERY_FAILED, 7L, Map.of("deliveryId", 3, "kind", "DIGEST", "subscriberId", 7,
                "reason", "550 5.1.1 <kim@news.example>: no such user"));

        Integer forgotten = transaction.execute(status -> webhooks.forget(7L));

        assertThat(forgotten).isEqualTo(3);
        List<Call> calls = webhooks.calls(webhook, new PageRequest(0, 10)).items();
        assertThat(calls).extracting(Call::type).containsExactly("delivery.failed", "subscriber.suspended",
                "subscriber.suspended");
        assertThat(data(calls.get(0)))
                .isEqualTo(JSON.readTree("{\"deliveryId\":3,\"kind\":\"DIGEST\",\"subscriberId\":7}"));
        assertThat(data(calls.get(1)).get("email").asString()).as("the other reader's").isEqualTo("lou@news.example");
        assertThat(data(calls.get(2))).isEqualTo(JSON.readTree("{\"id\":7}"));
        assertThat(calls.get(2).status()).as("still owed").isEqualTo("RETRYING");
        assertThat(calls.get(2).tries()).singleElement().satisfies(attempt -> {
            assertThat(attempt.httpStatus()).isEqualTo(422);
            assertThat(attempt.answer()).isNull();
        });
        assertThat(jdbc.sql("""
                        select body from webhook_call union all select last_error from webhook_call
                        union all select answer from webhook_attempt union all select error from webhook_attempt
                        """).query(String.class).list()).noneMatch(text -> text != null && text.contains("kim@"));
    }

    @Test
    void theAnswerToACallWhoseReaderIsErasedWhileItIsMadeIsNotKept() {
        long webhook = register("subscriber.suspended");
        announce(EventType.SUBSCRIBER_SUSPENDED, 7L, about(7, "kim@news.example"));
        ClaimedCall making = webhooks.claim(10, LEASE).get(0);

        transaction.executeWithoutResult(status -> webhooks.forget(7L));
        webhooks.sent(making, taken("got kim@news.example"));

        Call call = webhooks.calls(webhook, new PageRequest(0, 10)).items().get(0);
        assertThat(call.status()).isEqualTo("SENT");
        assertThat(data(call)).isEqualTo(JSON.readTree("{\"id\":7}"));
        assertThat(call.tries()).singleElement().satisfies(attempt -> {
            assertThat(attempt.httpStatus()).isEqualTo(204);
            assertThat(attempt.answer()).isNull();
        });
    }

    private long register(String... events) {
        return webhooks.register("http://127.0.0.1:9/hook", List.of(events)).endpoint().id();
    }

    private int announce(EventType type, Long reader, int seq) {
        return transaction.execute(status -> webhooks.announce(type, reader,
                Map.of("seq", seq, "reader", reader == null ? "-" : reader.toString())));
    }

    private void announce(EventType type, long reader, Map<String, Object> data) {
        transaction.executeWithoutResult(status -> webhooks.announce(type, reader, data));
    }

    private static Map<String, Object> about(long reader, String email) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", reader);
        data.put("email", email);
        data.put("status", "SUSPENDED");
        data.put("tags", List.of("aviation"));
        return data;
    }

    private static JsonNode data(Call call) {
        return JSON.readTree(call.body()).get("data");
    }

    private static String seqOf(ClaimedCall call) {
        String body = call.body();
        String reader = body.replaceAll(".*\"reader\":\"([^\"]+)\".*", "$1");
        String seq = body.replaceAll(".*\"seq\":(\\d+).*", "$1");
        return reader + ":" + seq;
    }

    private Answer taken() {
        return new Answer(clock.instant(), 204, "", 5, null);
    }

    private Answer taken(String answer) {
        return new Answer(clock.instant(), 204, answer, 5, null);
    }

    private Answer failure() {
        return new Answer(clock.instant(), 503, "busy", 5, "the receiver answered HTTP 503");
    }

    @TestConfiguration
    static class Time {
        @Bean
        @Primary
        MutableClock testClock() {
            return new MutableClock(Instant.parse("2025-11-29T12:00:00Z"));
        }
    }
}
