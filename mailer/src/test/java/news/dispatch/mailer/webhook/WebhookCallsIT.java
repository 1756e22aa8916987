package news.dispatch.mailer.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import news.dispatch.core.testing.MutableClock;
import news.dispatch.core.testing.ResetsDatabase;
import news.dispatch.mailer.MailerTestApplication;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

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
    void erasingAReaderForgetsTheCallsMadeAboutThemButNotThoseStillOwed() {
        register("subscriber.suspended");
        announce(EventType.SUBSCRIBER_SUSPENDED, 7L, 0);
        webhooks.sent(webhooks.claim(10, LEASE).get(0), taken());
        announce(EventType.SUBSCRIBER_SUSPENDED, 7L, 1);

        Integer forgotten = transaction.execute(status -> webhooks.forget(7L));
        assertThat(forgotten).isEqualTo(1);
        assertThat(jdbc.sql("select status from webhook_call").query(String.class).list()).containsExactly("QUEUED");
    }

    private long register(String... events) {
        return webhooks.register("http://127.0.0.1:9/hook", List.of(events)).endpoint().id();
    }

    private int announce(EventType type, Long reader, int seq) {
        return transaction.execute(status -> webhooks.announce(type, reader,
                Map.of("seq", seq, "reader", reader == null ? "-" : reader.toString())));
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
