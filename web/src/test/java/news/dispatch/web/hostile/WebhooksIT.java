package news.dispatch.web.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import news.dispatch.core.jdbc.Timestamps;
import news.dispatch.core.link.LinkPurpose;
import news.dispatch.core.subscriber.Confirmations;
import news.dispatch.core.subscriber.EmailAddress;
import news.dispatch.core.subscriber.Frequency;
import news.dispatch.core.subscriber.Preferences;
import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.core.subscriber.SubscriberStatus;
import news.dispatch.core.subscriber.Subscribers;
import news.dispatch.core.tag.Tag;
import news.dispatch.core.testing.MutableClock;
import news.dispatch.core.testing.ResetsDatabase;
import news.dispatch.mailer.webhook.EventType;
import news.dispatch.mailer.webhook.Webhooks;
import news.dispatch.web.ApiClient.Answer;
import news.dispatch.web.ApiClient;
import news.dispatch.web.Browser;
import news.dispatch.web.DispatchTest;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Webhooks as a receiver meets them: a real HTTP server on the loopback (the one host this context allows) that
 * checks every signature with the Standard Webhooks algorithm, in Java and in Python's standard library, goes down
 * and comes back, and answers too slowly; and the admin API and pages that register endpoints.
 */
@HostileTest
@ResetsDatabase({"webhook", "delivery", "subscriber", "article"})
class WebhooksIT {

    /** The specification's reference verification, as its Python library does it, with the standard library only. */
    private static final String VERIFY = """
            import base64, hashlib, hmac, sys
            secret, msg_id, timestamp, header, now, body_file = sys.argv[1:7]
            body = open(body_file, 'rb').read().decode('utf-8')
            if abs(int(now) - int(timestamp)) > 5 * 60:
                sys.exit('timestamp out of tolerance')
            key = base64.b64decode(secret[len('whsec_'):])
            signed = ('%s.%s.%s' % (msg_id, timestamp, body)).encode('utf-8')
            expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
            for versioned in header.split(' '):
                version, signature = versioned.split(',', 1)
                if version == 'v1' and hmac.compare_digest(expected, signature):
                    sys.exit(0)
            sys.exit('no matching signature')
            """;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MutableClock clock;

    @Autowired
    Webhooks webhooks;

    @Autowired
    Subscribers subscribers;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    Confirmations confirmations;

    ApiClient admin;
    Receiver receiver;

    @BeforeEach
    void setUp() throws IOException {
        clock.advance(Duration.ofDays(1));
        admin = ApiClient.anonymous(port).as(DispatchTest.ADMIN, DispatchTest.ADMIN_PASSWORD);
        receiver = new Receiver();
    }

    @AfterEach
    void tearDown() {
        receiver.close();
    }

    @Test
    void registersAnEndpointAndShowsItsSecretOnlyOnce() {
        Answer made = register(receiver.url(), "article.published", "subscriber.confirmed");

        assertThat(made.status()).as(made.toString()).isEqualTo(201);
        JsonNode endpoint = made.json();
        long id = endpoint.get("id").asLong();
        assertThat(made.header("Location")).endsWith("/api/admin/webhooks/" + id);
        assertThat(endpoint.get("url").asString()).isEqualTo(receiver.url());
        assertThat(endpoint.get("events").toString()).isEqualTo("[\"subscriber.confirmed\",\"article.published\"]");
        String secret = endpoint.get("secret").asString();
        assertThat(secret).startsWith("whsec_");
        assertThat(Base64.getDecoder().decode(secret.substring(6))).hasSizeGreaterThanOrEqualTo(24);

        Answer list = admin.get("/api/admin/webhooks");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().get("items").size()).isEqualTo(1);
        assertThat(list.json().get("total").asLong()).isEqualTo(1);
        assertThat(list.body()).doesNotContain(secret).doesNotContain("\"secret\"");
        assertThat(admin.get("/api/admin/webhooks/" + id).body()).contains(receiver.url()).doesNotContain(secret);
        assertThat(admin.get("/api/admin/webhooks/" + id + "/deliveries").body())
                .isEqualTo("{\"items\":[],\"page\":0,\"size\":20,\"total\":0}");

        assertThat(admin.delete("/api/admin/webhooks/" + id).status()).isEqualTo(204);
        Answer gone = admin.get("/api/admin/webhooks/" + id);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void listsEndpointsAndTheirCallsAPageAtATime() {
        long first = register(receiver.url(), "article.published").json().get("id").asLong();
        register(receiver.url(), "alert.sent");
        register(receiver.url(), "subscriber.erased");
        for (String title : List.of("Runway closed", "Runway open", "Runway resurfaced")) {
            publish(title);
        }

        JsonNode endpoints = admin.get("/api/admin/webhooks?page=1&size=2").json();
        assertThat(endpoints.get("total").asLong()).isEqualTo(3);
        assertThat(endpoints.get("items").size()).isEqualTo(1);
        assertThat(endpoints.get("items").get(0).get("events").toString()).isEqualTo("[\"subscriber.erased\"]");
        JsonNode calls = admin.get("/api/admin/webhooks/" + first + "/deliveries?size=2").json();
        assertThat(calls.get("total").asLong()).isEqualTo(3);
        assertThat(calls.get("items").size()).isEqualTo(2);
        assertThat(calls.get("items").get(0).get("id").asLong()).as("newest first")
                .isGreaterThan(calls.get("items").get(1).get("id").asLong());
        assertRefused(admin.get("/api/admin/webhooks?size=201"), "size", "between 1 and 200");
        assertRefused(admin.get("/api/admin/webhooks/" + first + "/deliveries?page=-1"), "page", "0 or more");
    }

    @Test
    void refusesOtherSchemesUnknownEventsAndHostsInsideUnlessAllowed() {
        assertRefused(register("ftp://news.example/hook", "article.published"), "url", "http or https");
        assertRefused(register("not a url", "article.published"), "url", "url");
        assertRefused(register("http://localhost:" + receiver.port + "/hook", "article.published"), "url",
                "a loopback address");
        assertRefused(register("http://169.254.169.254/latest/meta-data", "article.published"), "url",
                "a link-local address");
        assertRefused(register("http://10.0.0.7/hook", "article.published"), "url", "a private address");
        assertRefused(register("http://[::1]:" + receiver.port + "/hook", "article.published"), "url",
                "a loopback address");
        assertRefused(register(receiver.url(), "subscriber.exploded"), "events",
                "unknown event \"subscriber.exploded\"");
        assertRefused(register(receiver.url()), "events", "at least one event");
        assertThat(admin.get("/api/admin/webhooks").json().get("total").asLong()).isZero();

        // 127.0.0.1 is allowed by name in dispatch.webhooks.allowed-hosts.
        assertThat(register(receiver.url(), "article.published").status()).isEqualTo(201);
    }

    @Test
    void refusesAPortOutOfRangeWhichNoCallCouldReach() {
        for (String port : List.of("0", "65536", "70000", "99999")) {
            assertRefused(register("http://127.0.0.1:" + port + "/hook", "alert.sent"), "url",
                    "port must be between 1 and 65535");
        }
        assertThat(admin.get("/api/admin/webhooks").json().get("total").asLong()).isZero();
        assertThat(register("http://127.0.0.1:65535/hook", "alert.sent").status()).isEqualTo(201);
    }

    @Test
    void refusesAUrlLongerThanTheTwoThousandCharactersItIsStoredIn() {
        String base = receiver.url() + "?q=";
        String longest = base + "a".repeat(2000 - base.length());

        assertRefused(register(longest + "a", "alert.sent"), "url", "at most 2000 characters");
        Answer made = register(longest, "alert.sent");
        assertThat(made.status()).as(made.toString()).isEqualTo(201);
        assertThat(made.json().get("url").asString()).hasSize(2000);
    }

    @Test
    void aHostThatTurnsInsideAfterRegistrationIsRefusedAtTheCall() {
        String secret = register(receiver.url(), "article.published").json().get("secret").asString();
        // The address an endpoint had when it was registered is not trusted at the call: DNS can change.
        jdbc.sql("update webhook set url = ?").param("http://127.0.0.2:" + receiver.port + "/hook").update();

        publish("Refused at the call");

        long id = onlyWebhook();
        await().atMost(Duration.ofSeconds(10)).until(() -> !calls(id).isEmpty()
                && calls(id).get(0).get("tries").size() > 0);
        JsonNode call = calls(id).get(0);
        assertThat(call.get("status").asString()).isEqualTo("RETRYING");
        assertThat(call.get("tries").get(0).get("error").asString())
                .contains("refused: 127.0.0.2 is a loopback address");
        assertThat(call.get("tries").get(0).get("status").isNull()).as("no HTTP answer, not an HTTP 0").isTrue();
        assertThat(new Browser(port).signedInAs(DispatchTest.ADMIN, DispatchTest.ADMIN_PASSWORD)
                .get("/admin/webhooks/" + id).body()).as("the admin's page says why")
                .contains("refused: 127.0.0.2 is a loopback address").doesNotContain("HTTP 0");
        assertThat(receiver.taken).isEmpty();
        assertThat(secret).isNotBlank();
    }

    @Test
    void aCallTheClientCannotMakeFailsAloneAndTheOthersOfItsBatchGoOut() {
        long bad = register(receiver.url(), "alert.sent").json().get("id").asLong();
        // Stored before registration refused such ports: the client throws at every call to it.
        jdbc.sql("update webhook set url = ? where id = ?").params("http://127.0.0.1:99999/hook", bad).update();
        for (int i = 0; i < 4; i++) {
            register(receiver.url(), "alert.sent");
        }

        transaction.executeWithoutResult(status -> webhooks.announce(EventType.ALERT_SENT, null,
                Map.of("articleId", 1)));

        assertThat(receiver.awaitTaken(4)).hasSize(4);
        await().atMost(Duration.ofSeconds(10)).until(() -> sent() == 4 && retrying() == 1);
        JsonNode failed = calls(bad).get(0);
        assertThat(failed.get("lastError").asString()).contains("port out of range:99999");
        assertThat(failed.get("tries").get(0).get("error").asString()).contains("port out of range:99999");
    }

    @Test
    void signsEveryCallAsTheSpecificationSaysSoAStockVerifierAcceptsIt() throws Exception {
        String secret = register(receiver.url(), "article.published").json().get("secret").asString();

        publish("Storm reaches the coast");

        Received call = receiver.awaitTaken(1).get(0);
        assertThat(call.header("content-type")).isEqualTo("application/json");
        assertThat(call.header("webhook-id")).startsWith("msg_");
        assertThat(Long.parseLong(call.header("webhook-timestamp"))).isEqualTo(clock.instant().getEpochSecond());
        assertThat(call.header("webhook-signature")).isEqualTo(sign(secret, call));
        assertThat(verifiedByPython(secret, call)).isTrue();
        assertThat(verifiedByPython(secret, call.tampered())).isFalse();

        JsonNode event = call.json();
        assertThat(event.get("type").asString()).isEqualTo("article.published");
        assertThat(event.get("timestamp").asString()).isNotBlank();
        assertThat(event.get("data").get("title").asString()).isEqualTo("Storm reaches the coast");
        assertThat(event.get("data").get("tags").toString()).as("keys, as the API names tags")
                .isEqualTo("[\"aviation\"]");
        assertThat(event.get("data").get("tagLabels").toString()).isEqualTo("[\"Aviation\"]");

        long id = onlyWebhook();
        await().atMost(Duration.ofSeconds(10)).until(() -> calls(id).get(0).get("status").asString().equals("SENT"));
        JsonNode delivered = calls(id).get(0);
        assertThat(delivered.get("webhookId").asString()).isEqualTo(call.header("webhook-id"));
        assertThat(delivered.get("tries").get(0).get("status").asInt()).isEqualTo(200);
        assertThat(delivered.get("tries").get(0).get("answer").asString()).isEqualTo("thanks");
        assertThat(delivered.get("tries").get(0).has("latencyMillis")).isTrue();
    }

    @Test
    void aRotatedSecretSignsBesideTheOldOneForTheOverlapOnly() throws Exception {
        JsonNode made = register(receiver.url(), "article.published").json();
        String old = made.get("secret").asString();
        Answer rotated = admin.post("/api/admin/webhooks/" + made.get("id").asLong() + "/secret", "");
        assertThat(rotated.status()).isEqualTo(200);
        String fresh = rotated.json().get("secret").asString();
        assertThat(fresh).startsWith("whsec_").isNotEqualTo(old);

        publish("Both keys open it");
        Received during = receiver.awaitTaken(1).get(0);
        assertThat(during.header("webhook-signature").split(" ")).hasSize(2);
        assertThat(verifiedByPython(fresh, during)).isTrue();
        assertThat(verifiedByPython(old, during)).isTrue();

        clock.advance(Duration.ofHours(25));
        publish("Only the new key opens it");
        Received after = receiver.awaitTaken(2).get(1);
        assertThat(after.header("webhook-signature").split(" ")).hasSize(1);
        assertThat(verifiedByPython(fresh, after)).isTrue();
        assertThat(verifiedByPython(old, after)).isFalse();
    }

    @Test
    void aReceiverThatIsDownLosesNothingAndGetsEachReadersEventsInOrder() {
        register(receiver.url(), "subscriber.suspended");
        receiver.down();
        List<Long> readers = List.of(1_001L, 1_002L, 1_003L);
        for (int seq = 0; seq < 4; seq++) {
            for (long reader : readers) {
                int n = seq;
                // Each in its own transaction, as each change would be; none waits for the receiver.
                transaction.executeWithoutResult(status -> webhooks.announce(EventType.SUBSCRIBER_SUSPENDED, reader,
                        Map.of("id", reader, "seq", n, "reason", "admin")));
            }
        }

        // The first event of each reader fails; the later ones wait behind it, untried.
        await().atMost(Duration.ofSeconds(10)).until(() -> retrying() == readers.size());
        assertThat(attempted()).isEqualTo(readers.size());
        assertThat(jdbc.sql("select last_error from webhook_call where attempts > 0").query(String.class).list())
                .allMatch(error -> error.startsWith("could not be called: no connection to 127.0.0.1:"
                        + receiver.port + ": "));

        receiver.up();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            clock.advance(Duration.ofSeconds(15));
            return sent() == 12;
        });

        List<Received> taken = receiver.taken;
        assertThat(taken.stream().map(call -> call.header("webhook-id")).distinct()).hasSize(12);
        for (long reader : readers) {
            assertThat(taken.stream().map(Received::json)
                    .filter(event -> event.get("data").get("id").asLong() == reader)
                    .map(event -> event.get("data").get("seq").asInt()).toList()).as("reader " + reader)
                    .containsExactly(0, 1, 2, 3);
        }
    }

    @Test
    void aSlowReceiverTimesOutAndIsTriedAgain() {
        register(receiver.url(), "article.published");
        receiver.delayMillis = HostileTest.WEBHOOK_TIMEOUT_MILLIS * 3L;

        publish("Slow news");

        long id = onlyWebhook();
        await().atMost(Duration.ofSeconds(10)).until(() -> attempted() == 1
                && "RETRYING".equals(calls(id).get(0).get("status").asString()));
        JsonNode tried = calls(id).get(0).get("tries").get(0);
        assertThat(tried.get("error").asString()).contains("no answer in time");
        assertThat(tried.get("latencyMillis").asLong()).isBetween((long) HostileTest.WEBHOOK_TIMEOUT_MILLIS,
                HostileTest.WEBHOOK_TIMEOUT_MILLIS * 3L);

        receiver.delayMillis = 0;
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
            clock.advance(Duration.ofSeconds(15));
            return sent() == 1;
        });
        assertThat(calls(id).get(0).get("attempts").asInt()).isEqualTo(2);
    }

    /**
     * A receiver's answer was read whole: megabytes kept in memory, and one that trickled held the worker for as long
     * as it cared to; its control characters made the staff's page no HTML, and a NUL no row PostgreSQL stores.
     */
    @Test
    void aReceiversAnswerIsReadOnlyAsFarAsItsExcerptAndWithinTheTimeout() {
        register(receiver.url(), "article.published");
        receiver.says = ("ok \u0000\u001b[31mred\u0007\r\n " + "x".repeat(5 * 1024 * 1024))
                .getBytes(StandardCharsets.UTF_8);

        publish("Long answer");

        long id = onlyWebhook();
        await().atMost(Duration.ofSeconds(10)).until(() -> sent() == 1);
        String excerpt = calls(id).get(0).get("tries").get(0).get("answer").asString();
        assertThat(excerpt).startsWith("ok \uFFFD\uFFFD[31mred\uFFFD\n x").hasSize(500);

        receiver.says = null;
        receiver.trickles = true;
        publish("Endless answer");
        await().atMost(Duration.ofSeconds(10)).until(() -> calls(id).stream()
                .anyMatch(call -> "RETRYING".equals(call.get("status").asString())));
        JsonNode tried = calls(id).stream().filter(call -> "RETRYING".equals(call.get("status").asString()))
                .findFirst().orElseThrow().get("tries").get(0);
        assertThat(tried.get("error").asString()).contains("no answer in time");
        assertThat(tried.get("latencyMillis").asLong()).as("the timeout bounds the whole call")
                .isLessThan(HostileTest.WEBHOOK_TIMEOUT_MILLIS * 3L / 2);
        receiver.trickles = false;
    }

    @Test
    void givesUpAfterRetryingForTwoDaysAndShowsItFailed() {
        register(receiver.url(), "article.published");
        receiver.status = 500;
        publish("Nobody listens");
        long id = onlyWebhook();
        await().atMost(Duration.ofSeconds(10)).until(() -> retrying() == 1);

        clock.advance(Duration.ofDays(2).plusMinutes(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> "FAILED".equals(calls(id).get(0).get("status").asString()));
        JsonNode call = calls(id).get(0);
        assertThat(call.get("lastError").asString())
                .startsWith("gave up after 2 attempts: the receiver answered HTTP 500");

        // An admin resends it once the receiver is back: the same webhook-id, so the receiver can tell.
        receiver.status = 200;
        Answer resent = admin.post("/api/admin/webhooks/" + id + "/deliveries/" + call.get("id").asLong() + "/resend",
                "");
        assertThat(resent.status()).isEqualTo(202);
        assertThat(receiver.awaitTaken(1).get(0).header("webhook-id")).isEqualTo(call.get("webhookId").asString());
    }

    @Test
    void aCallLeftByANodeThatDiedIsMadeByAnotherOnceItsLeaseEnds() {
        register(receiver.url(), "article.published");
        long id = onlyWebhook();
        // A node claimed the call, then died before making it: its lease holds the call for two minutes.
        jdbc.sql("""
                        insert into webhook_call (webhook_id, message_id, type, body, status, attempts, created_at,
                                                  queued_at, available_at, claimed_by)
                        values (:webhook, 'msg_left_by_a_dead_node', 'article.published',
                                '{"type":"article.published"}', 'SENDING', 1, :now, :now, :leaseEnd,
                                'the-node-that-died')
                        """)
                .param("webhook", id)
                .param("now", Timestamps.utc(clock.instant()))
                .param("leaseEnd", Timestamps.utc(clock.instant().plus(Duration.ofMinutes(2))))
                .update();
        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(2)).until(() -> receiver.taken.isEmpty());

        clock.advance(Duration.ofMinutes(2).plusSeconds(1));

        assertThat(receiver.awaitTaken(1).get(0).header("webhook-id")).isEqualTo("msg_left_by_a_dead_node");
        await().atMost(Duration.ofSeconds(10)).until(() -> sent() == 1);
    }

    @Test
    void tellsOfAReaderAnAdminMadeActiveAgain() {
        register(receiver.url(), "subscriber.reactivated");
        Subscriber reader = subscribers.add(EmailAddress.of("back@news.example"),
                new Preferences(List.of(Tag.of("Aviation")), Frequency.DAILY, java.time.ZoneOffset.UTC, 7, true),
                SubscriberStatus.ACTIVE);
        assertThat(admin.send("PATCH", "/api/admin/subscribers/" + reader.id(), "application/json",
                "{\"status\": \"SUSPENDED\"}").status()).isEqualTo(200);

        assertThat(admin.send("PATCH", "/api/admin/subscribers/" + reader.id(), "application/json",
                "{\"status\": \"ACTIVE\"}").status()).isEqualTo(200);

        JsonNode back = receiver.awaitTaken(1).get(0).json();
        assertThat(back.get("type").asString()).isEqualTo("subscriber.reactivated");
        assertThat(back.get("data").get("status").asString()).isEqualTo("ACTIVE");
        assertThat(back.get("data").get("reason").asString()).isEqualTo("admin");
    }

    @Test
    void tellsOfReadersWithoutTheirLinkTokensAndOfAnErasedOneOnlyItsId() {
        register(receiver.url(), "subscriber.suspended", "subscriber.erased", "subscriber.unsubscribed");
        Subscriber reader = subscribers.add(EmailAddress.of("reader@news.example"),
                new Preferences(List.of(Tag.of("Aviation")), Frequency.DAILY, java.time.ZoneOffset.UTC, 7, true),
                SubscriberStatus.ACTIVE);

        assertThat(admin.send("PATCH", "/api/admin/subscribers/" + reader.id(), "application/json",
                "{\"status\": \"SUSPENDED\"}").status()).isEqualTo(200);
        receiver.awaitTaken(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> sent() == 1);
        assertThat(admin.delete("/api/admin/subscribers/" + reader.id()).status()).isIn(200, 204);

        List<Received> taken = receiver.awaitTaken(2);
        await().atMost(Duration.ofSeconds(10)).until(() -> sent() == 1);
        assertThat(jdbc.sql("select body from webhook_call").query(String.class).list())
                .as("what was sent about the reader is forgotten with them").singleElement(STRING)
                .doesNotContain("reader@news.example");
        JsonNode suspended = taken.get(0).json();
        assertThat(suspended.get("type").asString()).isEqualTo("subscriber.suspended");
        assertThat(suspended.get("data").get("reason").asString()).isEqualTo("admin");
        assertThat(suspended.get("data").get("email").asString()).isEqualTo("reader@news.example");
        assertThat(suspended.get("data").get("status").asString()).isEqualTo("SUSPENDED");
        assertThat(suspended.get("data").get("tags").toString()).isEqualTo("[\"aviation\"]");
        assertThat(suspended.get("data").get("tagLabels").toString()).isEqualTo("[\"Aviation\"]");
        for (LinkPurpose purpose : LinkPurpose.values()) {
            assertThat(taken.get(0).body()).doesNotContain(subscribers.linkToken(reader, purpose));
        }
        JsonNode erased = taken.get(1).json();
        assertThat(erased.get("type").asString()).isEqualTo("subscriber.erased");
        assertThat(erased.get("data").toString()).isEqualTo("{\"id\":" + reader.id() + "}");
    }

    @Test
    void anErasedReadersAddressLeavesTheCallsStillOwedAndWhatTheReceiverAnswered() {
        register(receiver.url(), "subscriber.confirmed", "subscriber.erased");
        long id = onlyWebhook();
        receiver.status = 500;
        receiver.echoes = true;
        Subscriber reader = subscribers.add(EmailAddress.of("erased@news.example"),
                new Preferences(List.of(Tag.of("Aviation")), Frequency.DAILY, java.time.ZoneOffset.UTC, 7, true),
                SubscriberStatus.PENDING);
        String token = transaction.execute(status -> confirmations.issue(reader, clock.instant(),
                clock.instant().plus(Duration.ofDays(1))));
        assertThat(admin.post("/api/subscriptions/confirm", "{\"token\": \"" + token + "\"}").status())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> retrying() == 1);
        assertThat(calls(id).get(0).get("tries").get(0).get("answer").asString()).contains("erased@news.example");

        assertThat(admin.delete("/api/admin/subscribers/" + reader.id()).status()).isEqualTo(204);

        assertThat(admin.get("/api/admin/webhooks/" + id + "/deliveries").body()).doesNotContain("erased@");
        assertThat(jdbc.sql("select body from webhook_call union all select answer from webhook_attempt")
                .query(String.class).list()).as("nothing left for the shredder to miss")
                .noneMatch(text -> text != null && text.contains("erased@"));
        receiver.status = 200;
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            clock.advance(Duration.ofSeconds(15));
            return sent() == 2;
        });
        List<Received> taken = receiver.taken;
        assertThat(taken.stream().map(call -> call.json().get("type").asString() + " " + call.json().get("data")))
                .containsExactly("subscriber.confirmed {\"id\":" + reader.id() + "}",
                        "subscriber.erased {\"id\":" + reader.id() + "}");
    }

    @Test
    void tellsOfReadersAnImportSuspendsOrUnsubscribesAsOfThoseAnAdminDoesOneByOne() {
        register(receiver.url(), "subscriber.suspended", "subscriber.unsubscribed");
        for (String name : List.of("kim", "lou", "max")) {
            subscribers.add(EmailAddress.of(name + "@news.example"), new Preferences(List.of(Tag.of("Aviation")),
                    Frequency.DAILY, java.time.ZoneOffset.UTC, 7, true), SubscriberStatus.ACTIVE);
        }

        Answer imported = admin.send("POST", "/api/admin/subscribers/import?status=ACTIVE", "text/csv", """
                email,tags,status
                kim@news.example,Aviation,SUSPENDED
                lou@news.example,Aviation,UNSUBSCRIBED
                max@news.example,Aviation,ACTIVE
                """);
        assertThat(imported.json().get("updated").asInt()).as(imported.toString()).isEqualTo(3);

        List<Received> taken = receiver.awaitTaken(2);
        assertThat(taken.stream().map(call -> call.json().get("type").asString() + " "
                + call.json().get("data").get("email").asString() + " " + call.json().get("data").get("reason")
                .asString())).containsExactlyInAnyOrder("subscriber.suspended kim@news.example admin",
                "subscriber.unsubscribed lou@news.example admin");
    }

    @Test
    void announcesAReaderWhoConfirmsAndLeavesAnAlertAndADigestRun() {
        register(receiver.url(), "subscriber.confirmed", "subscriber.unsubscribed", "alert.sent",
                "digest.run.finished");
        Subscriber pending = subscribers.add(EmailAddress.of("pending@news.example"),
                new Preferences(List.of(Tag.of("Aviation")), Frequency.DAILY, java.time.ZoneOffset.UTC, 7, true),
                SubscriberStatus.PENDING);
        String token = transaction.execute(status -> confirmations.issue(pending, clock.instant(),
                clock.instant().plus(Duration.ofDays(1))));
        assertThat(admin.post("/api/subscriptions/confirm", "{\"token\": \"" + token + "\"}").status()).isEqualTo(200);
        String unsubscribe = subscribers.linkToken(pending, LinkPurpose.UNSUBSCRIBE);
        assertThat(ApiClient.anonymous(port).post("/unsubscribe/" + unsubscribe, "").status()).isEqualTo(200);
        // An alert that reaches nobody is not kept, and announces nothing.
        subscribers.add(EmailAddress.of("alerted@news.example"), new Preferences(List.of(Tag.of("Aviation")),
                Frequency.DAILY, java.time.ZoneOffset.UTC, 7, true), SubscriberStatus.ACTIVE);
        long story = publish("Runway closed");
        assertThat(admin.post("/api/articles/" + story + "/alert", "").status()).isEqualTo(202);
        assertThat(admin.post("/api/admin/digests/run", "{\"frequency\": \"DAILY\"}").status()).isEqualTo(202);

        List<Received> taken = receiver.awaitTaken(4);
        assertThat(taken.stream().map(call -> call.json().get("type").asString()))
                .containsExactlyInAnyOrder("subscriber.confirmed", "subscriber.unsubscribed", "alert.sent",
                        "digest.run.finished");
        assertThat(taken.stream().map(call -> call.json().get("type").asString())
                .filter(type -> type.startsWith("subscriber."))).as("one reader's events, in order")
                .containsExactly("subscriber.confirmed", "subscriber.unsubscribed");
        for (Received call : taken) {
            assertThat(call.body()).doesNotContain(token).doesNotContain(unsubscribe)
                    .doesNotContain(subscribers.linkToken(pending, LinkPurpose.PREFERENCES));
        }
        JsonNode alert = taken.stream().map(Received::json).filter(event -> event.get("type").asString()
                .equals("alert.sent")).findFirst().orElseThrow().get("data");
        assertThat(alert.get("articleId").asLong()).isEqualTo(story);
        assertThat(alert.get("sentBy").asString()).isEqualTo(DispatchTest.ADMIN);
    }

    @Test
    void anAdminsRunOfTheScheduleIsAnnouncedEvenWhenNobodyWasDue() {
        register(receiver.url(), "digest.run.finished");
        ApiClient.Answer run = admin.post("/api/admin/digests/run", "");
        assertThat(run.status()).isEqualTo(202);
        assertThat(run.json().get("queued").asInt()).isZero();

        JsonNode finished = receiver.awaitTaken(1).get(0).json();
        assertThat(finished.get("type").asString()).isEqualTo("digest.run.finished");
        assertThat(finished.get("data").get("id").asString()).isEqualTo(run.json().get("runId").asString());
        assertThat(finished.get("data").get("trigger").asString()).isEqualTo("manual");
        assertThat(finished.get("data").get("queued").asInt()).isZero();
    }

    @Test
    void theAdminPagesAddAnEndpointShowItsCallsAndResendOne() {
        Browser staff = new Browser(port).signedInAs(DispatchTest.ADMIN, DispatchTest.ADMIN_PASSWORD);
        Browser.Page empty = staff.get("/admin/webhooks");
        assertThat(empty.status()).isEqualTo(200);
        assertThat(empty.body()).contains("No webhooks yet.");

        Browser.Page refused = staff.post("/admin/webhooks", "_csrf", empty.csrf(), "url", "http://localhost/hook",
                "events", "article.published");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("Not added: ", "id=\"url-error\">Refused: localhost resolves to");

        Browser.Page added = staff.follow(staff.post("/admin/webhooks", "_csrf", empty.csrf(), "url", receiver.url(),
                "events", "article.published", "events", "alert.sent"));
        assertThat(added.body()).contains("was added").contains("whsec_").contains("alert.sent, article.published");
        assertThat(staff.get("/admin/webhooks").body()).doesNotContain("whsec_");

        publish("On the page");
        receiver.awaitTaken(1);
        long id = onlyWebhook();
        await().atMost(Duration.ofSeconds(10)).until(() -> sent() == 1);
        Browser.Page detail = staff.get("/admin/webhooks/" + id);
        assertThat(detail.status()).isEqualTo(200);
        assertThat(detail.body()).contains("article.published").contains("SENT").contains("HTTP 200")
                .contains("thanks").contains(" ms");

        long callId = calls(id).get(0).get("id").asLong();
        Browser.Page resent = staff.follow(staff.post("/admin/webhooks/" + id + "/calls/" + callId + "/resend",
                "_csrf", detail.csrf()));
        assertThat(resent.body()).contains("Call " + callId + " is queued again.");
        assertThat(receiver.awaitTaken(2).get(1).header("webhook-id"))
                .isEqualTo(receiver.taken.get(0).header("webhook-id"));

        Browser.Page removed = staff.follow(staff.post("/admin/webhooks/" + id + "/remove", "_csrf", detail.csrf()));
        assertThat(removed.body()).contains("was removed").contains("No webhooks yet.");
    }

    private Answer register(String url, String... events) {
        List<String> quoted = new ArrayList<>();
        for (String event : events) {
            quoted.add("\"" + event + "\"");
        }
        return admin.post("/api/admin/webhooks", "{\"url\": \"" + url + "\", \"events\": [" + String.join(", ", quoted)
                + "]}");
    }

    private static void assertRefused(Answer answer, String field, String message) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        JsonNode error = answer.json().get("errors").get(0);
        assertThat(error.get("field").asString()).isEqualTo(field);
        assertThat(error.get("message").asString()).contains(message);
    }

    private long publish(String title) {
        Answer created = admin.post("/api/articles",
                "{\"title\": \"" + title + "\", \"summary\": \"A summary\", \"tags\": [\"Aviation\"]}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    private long onlyWebhook() {
        return jdbc.sql("select id from webhook").query(Long.class).single();
    }

    private List<JsonNode> calls(long webhookId) {
        List<JsonNode> calls = new ArrayList<>();
        admin.get("/api/admin/webhooks/" + webhookId + "/deliveries?size=200").json().get("items")
                .forEach(calls::add);
        return calls;
    }

    private long attempted() {
        return jdbc.sql("select count(*) from webhook_call where attempts > 0").query(Long.class).single();
    }

    private long retrying() {
        return jdbc.sql("select count(*) from webhook_call where status = 'RETRYING'").query(Long.class).single();
    }

    private long sent() {
        return jdbc.sql("select count(*) from webhook_call where status = 'SENT'").query(Long.class).single();
    }

    private static String sign(String secret, Received call) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        return "v1," + Base64.getEncoder().encodeToString(mac.doFinal((call.header("webhook-id") + "."
                + call.header("webhook-timestamp") + "." + call.body()).getBytes(StandardCharsets.UTF_8)));
    }

    private boolean verifiedByPython(String secret, Received call) throws Exception {
        Path body = Files.createTempFile("webhook", ".json");
        try {
            Files.writeString(body, call.body());
            Process python = new ProcessBuilder("/usr/bin/python3", "-c", VERIFY, secret, call.header("webhook-id"),
                    call.header("webhook-timestamp"), call.header("webhook-signature"),
                    Long.toString(clock.instant().getEpochSecond()), body.toString())
                    .redirectErrorStream(true).start();
            assertThat(python.waitFor(20, TimeUnit.SECONDS)).isTrue();
            return python.exitValue() == 0;
        } finally {
            Files.delete(body);
        }
    }

    /** One call as the receiver got it. */
    record Received(Map<String, String> headers, String body) {

        String header(String name) {
            return headers.get(name.toLowerCase());
        }

        JsonNode json() {
            return JSON.readTree(body);
        }

        Received tampered() {
            return new Received(headers, body.replace("}", " }"));
        }
    }

    /**
     * A webhook receiver on 127.0.0.1: answers {@link #status} after {@link #delayMillis}, keeps the calls it took
     * (2xx) in order, and can go down and come back on the same port.
     */
    static final class Receiver implements AutoCloseable {

        final List<Received> taken = new CopyOnWriteArrayList<>();
        final ExecutorService threads = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "webhook-receiver");
            thread.setDaemon(true);
            return thread;
        });
        volatile int status = 200;
        volatile long delayMillis;
        /** Whether a refusal quotes the body it refuses, as some receivers' error pages do. */
        volatile boolean echoes;
        /** What a 2xx answer says instead of "thanks", when set. */
        volatile byte[] says;
        /** Whether the answer's body comes a byte every fifth of a second, for ever. */
        volatile boolean trickles;
        int port;
        private HttpServer server;

        Receiver() throws IOException {
            listen(0);
        }

        String url() {
            return "http://127.0.0.1:" + port + "/hook";
        }

        void down() {
            server.stop(0);
        }

        void up() {
            try {
                listen(port);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        List<Received> awaitTaken(int count) {
            await().atMost(Duration.ofSeconds(10)).until(() -> taken.size() >= count);
            return List.copyOf(taken);
        }

        @Override
        public void close() {
            server.stop(0);
            threads.shutdownNow();
        }

        private void listen(int on) throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), on), 0);
            server.createContext("/hook", this::answer);
            server.setExecutor(threads);
            server.start();
            port = server.getAddress().getPort();
        }

        private void answer(HttpExchange exchange) throws IOException {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                if (delayMillis > 0) {
                    Thread.sleep(delayMillis);
                }
                int answered = status;
                if (answered >= 200 && answered < 300) {
                    Map<String, String> headers = new java.util.HashMap<>();
                    exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(),
                            String.join(",", values)));
                    taken.add(new Received(headers, body));
                }
                if (trickles) {
                    exchange.sendResponseHeaders(answered, 0);
                    while (true) {
                        exchange.getResponseBody().write('.');
                        exchange.getResponseBody().flush();
                        Thread.sleep(200);
                    }
                }
                byte[] answer = answered < 300 && says != null ? says
                        : (answered < 300 ? "thanks" : echoes ? "not now: " + body : "not now")
                                .getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(answered, answer.length);
                exchange.getResponseBody().write(answer);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
