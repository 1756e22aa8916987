package news.dispatch.web.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import news.dispatch.core.article.Articles;
import news.dispatch.core.article.NewArticle;
import news.dispatch.core.tag.Tag;
import news.dispatch.core.testing.FreePort;
import news.dispatch.core.testing.PostgresForTests;
import news.dispatch.web.ApiClient;
import news.dispatch.web.AppProcess;
import news.dispatch.web.DispatchApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Two Dispatch nodes on one PostgreSQL: this JVM's and a second in a JVM of its own (Quartz keeps a JVM-wide
 * registry). They share the building of digests, slice by slice, and the outbox, both through SKIP LOCKED claims;
 * every reader gets exactly one digest, and when the second node is killed in the middle, the first finishes its work
 * with nothing lost.
 */
@SpringBootTest(classes = DispatchApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.quartz.scheduler-name=dispatch-cluster",
                "dispatch.demo=false",
                "dispatch.admin.password=" + TwoNodesIT.PASSWORD,
                "dispatch.links.secret=" + TwoNodesIT.SECRET,
                "spring.mail.host=127.0.0.1",
                "dispatch.mail.connections=" + TwoNodesIT.CONNECTIONS,
                "dispatch.mail.batch-size=" + TwoNodesIT.BATCH,
                "dispatch.mail.lease=3s",
                "dispatch.mail.idle-poll=200ms",
                "dispatch.digest.slice-size=250",
                "dispatch.digest.slice-poll=100ms"})
class TwoNodesIT {

    static final String PASSWORD = "cluster-admin-password";
    static final String SECRET = "a-links-secret-shared-by-both-nodes";
    /** The defaults: the bound on duplicates must hold whatever the claim's size. */
    static final int CONNECTIONS = 4;
    static final int BATCH = 250;
    static final int READERS = 5_000;

    static final GreenMail smtp = new GreenMail(new ServerSetup(FreePort.belowEphemeralRange(), "127.0.0.1", "smtp"))
            .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
    static AppProcess secondNode;

    @DynamicPropertySource
    static void cluster(DynamicPropertyRegistry registry) {
        smtp.start();
        PostgresForTests.register(registry, "two_nodes");
        registry.add("spring.mail.port", () -> smtp.getSmtp().getPort());
    }

    @AfterAll
    static void stop() {
        if (secondNode != null) {
            secondNode.close();
        }
        smtp.stop();
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Articles articles;

    @Test
    void twoNodesSendEveryReaderOneDigestEvenWhenOneDiesMidway() throws Exception {
        seedReaders();
        secondNode = startSecondNode();
        ApiClient admin = ApiClient.anonymous(port).as("admin", PASSWORD);

        publish("Airbus orders A320 software fix", Instant.now().minusSeconds(60));
        assertThat(admin.post("/api/admin/digests/run", "{\"frequency\": \"DAILY\"}").json().get("queued").asInt())
                .isEqualTo(READERS);
        await().atMost(Duration.ofMinutes(2)).until(() -> smtp.getReceivedMessages().length >= READERS);
        assertThat(digestsPerReader()).hasSize(READERS).allSatisfy((reader, count) -> assertThat(count)
                .as(reader).isEqualTo(1));
        assertThat(sendersOf(smtp.getReceivedMessages())).as("both nodes sent their share")
                .containsKeys("Dispatch <news@localhost>", "Second node <news@localhost>");
        assertThat(jdbc.sql("select count(distinct claimed_by) from digest_slice where done_at is not null")
                .query(Long.class).single()).as("both nodes built a share of the digests").isEqualTo(2);

        smtp.purgeEmailFromAllMailboxes();
        publish("easyJet finishes A320 updates", Instant.now().minusSeconds(10));
        assertThat(admin.post("/api/admin/digests/run", "{\"frequency\": \"DAILY\"}").json().get("queued").asInt())
                .isEqualTo(READERS);
        await().atMost(Duration.ofMinutes(1)).until(() -> smtp.getReceivedMessages().length >= READERS / 4);
        assertThat(secondNode.kill()).as("killed by SIGKILL").isEqualTo(137);

        // GreenMail throws from its own threads on the connections the kill cut mid-message; Awaitility would fail
        // the wait on those, though nothing is wrong with the node under test.
        await().dontCatchUncaughtExceptions().atMost(Duration.ofMinutes(2))
                .until(() -> digestsPerReader().size() == READERS);
        Map<String, Long> perReader = digestsPerReader();
        long twice = perReader.values().stream().filter(count -> count > 1).count();
        System.out.printf("TwoNodesIT: sent twice after the kill: %d%n", twice);
        assertThat(perReader.values()).allSatisfy(count -> assertThat(count).isBetween(1L, 2L));
        assertThat(twice).as("only what the dead node had in flight: two messages per connection")
                .isLessThanOrEqualTo(2L * CONNECTIONS);
        await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                "select count(*) from delivery where status <> 'SENT'").query(Long.class).single() == 0);
    }

    /**
     * Daily readers whose hour is half a day away and who confirmed just now, so the running schedule (a tick every
     * minute on both nodes) owes them nothing and leaves them to the test's runs: a tick pressing them in the middle
     * of a run would take some readers from it.
     */
    private void seedReaders() {
        int farHour = (OffsetDateTime.now(ZoneOffset.UTC).getHour() + 12) % 24;
        jdbc.sql("insert into tag (tag_key, label, created_at) values ('aviation', 'Aviation', now())"
                + " on conflict do nothing").update();
        jdbc.sql("""
                        insert into subscriber (email, email_key, status, frequency, timezone, send_hour, alerts,
                                                link_generation, created_at, confirmed_at, updated_at)
                        select 'reader' || g || '@example.com', 'reader' || g || '@example.com', 'ACTIVE', 'DAILY',
                               'UTC', ?, true, 0, now(), now(), now()
                          from generate_series(1, ?) g
                        """)
                .param(farHour)
                .param(READERS)
                .update();
        jdbc.sql("insert into subscriber_tag (subscriber_id, tag_key) select id, 'aviation' from subscriber").update();
    }

    private void publish(String title, Instant publishedAt) {
        articles.publish(new NewArticle(title, "Summary", null, "Desk",
                URI.create("https://news.example/" + title.hashCode()), publishedAt, List.of(Tag.of("#Aviation"))));
    }

    private Map<String, Long> digestsPerReader() {
        return Arrays.stream(smtp.getReceivedMessages()).map(TwoNodesIT::recipient)
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    private static Map<String, Long> sendersOf(MimeMessage[] messages) {
        return Arrays.stream(messages).map(message -> {
            try {
                return message.getHeader("From", null);
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    private static String recipient(MimeMessage message) {
        try {
            Address[] to = message.getAllRecipients();
            return to[0].toString();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static AppProcess startSecondNode() {
        return AppProcess.fromClasspath("second-node",
                "--spring.datasource.url=" + PostgresForTests.jdbcUrl("two_nodes"),
                "--spring.datasource.username=postgres", "--spring.datasource.password=postgres",
                "--spring.quartz.scheduler-name=dispatch-cluster",
                "--spring.mail.host=127.0.0.1", "--spring.mail.port=" + smtp.getSmtp().getPort(),
                "--dispatch.demo=false", "--dispatch.admin.password=" + PASSWORD, "--dispatch.links.secret=" + SECRET,
                "--dispatch.mail.from=Second node <news@localhost>",
                "--dispatch.mail.connections=" + CONNECTIONS, "--dispatch.mail.batch-size=" + BATCH,
                "--dispatch.mail.lease=3s", "--dispatch.mail.idle-poll=200ms",
                "--dispatch.digest.slice-size=250", "--dispatch.digest.slice-poll=100ms");
    }
}
