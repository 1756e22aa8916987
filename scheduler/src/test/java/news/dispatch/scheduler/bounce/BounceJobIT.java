package news.dispatch.scheduler.bounce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Properties;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import news.dispatch.core.link.LinkTokens;
import news.dispatch.core.subscriber.EmailAddress;
import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.core.subscriber.SubscriberStatus;
import news.dispatch.core.subscriber.Subscribers;
import news.dispatch.core.testing.MutableClock;
import news.dispatch.core.testing.ResetsDatabase;
import news.dispatch.mailer.outbox.Notice;
import news.dispatch.mailer.outbox.Outbox;
import news.dispatch.mailer.sender.SenderIdentity;
import news.dispatch.scheduler.Newsroom;
import news.dispatch.scheduler.SchedulerTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quartz.JobDetail;
import org.quartz.Scheduler;
import org.quartz.SimpleTrigger;
import org.quartz.TriggerKey;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/** The mailbox is read by a Quartz job kept in the database, one read at a time across the cluster. */
@SchedulerTest
@TestPropertySource(properties = {
        "spring.datasource.url=jdbc:h2:mem:bounce-job;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "spring.quartz.scheduler-name=bounce-job-test",
        "dispatch.bounces.interval=2m",
        "dispatch.bounces.mailbox=imap://bounces:secret@127.0.0.1:3943/INBOX"})
@ResetsDatabase({"returned_mail", "suppression", "delivery", "subscriber"})
class BounceJobIT {

    private static final ServerSetup IMAP = new ServerSetup(3943, "127.0.0.1", ServerSetup.PROTOCOL_IMAP);

    @Autowired
    Scheduler scheduler;

    @Autowired
    Newsroom newsroom;

    @Autowired
    Subscribers subscribers;

    @Autowired
    Outbox outbox;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    LinkTokens tokens;

    @Autowired
    SenderIdentity sender;

    @Autowired
    MutableClock clock;

    GreenMail mailbox;

    @BeforeEach
    void startMailbox() {
        mailbox = new GreenMail(IMAP);
        mailbox.start();
        mailbox.setUser("bounces@localhost", "bounces", "secret");
    }

    @AfterEach
    void stopMailbox() {
        mailbox.stop();
    }

    @Test
    void theReadIsStoredInTheDatabaseEveryIntervalOneAtATime() throws Exception {
        JobDetail job = scheduler.getJobDetail(BounceJobConfiguration.JOB);
        assertThat(job.getJobClass()).isEqualTo(BounceJob.class);
        assertThat(job.isConcurrentExecutionDisallowed()).isTrue();
        SimpleTrigger tick = (SimpleTrigger) scheduler.getTrigger(TriggerKey.triggerKey("bounces", "dispatch"));
        assertThat(tick.getRepeatInterval()).isEqualTo(Duration.ofMinutes(2).toMillis());
        assertThat(scheduler.getMetaData().isJobStoreSupportsPersistence()).isTrue();
    }

    @Test
    void aRunReadsTheMailboxAndActsOnWhatCameBack() throws Exception {
        Subscriber reader = newsroom.daily("gone@reader.example", "#Aviation");
        outbox.queueNotice(reader, Notice.PREFERENCES_LINK);
        jdbc.sql("update delivery set status = 'SENT', lane = null, sent_at = ?")
                .param(OffsetDateTime.ofInstant(clock.instant().minusSeconds(60), ZoneOffset.UTC)).update();
        // Addressed to the email's own return path, as a bounce of it is.
        String tag = jdbc.sql("select id, created_at from delivery").query((rs, row) -> {
            String idAndTime = rs.getLong("id") + "." + rs.getTimestamp("created_at").toInstant().toEpochMilli();
            return "d" + idAndTime + "." + tokens.mark(idAndTime);
        }).single();
        mailbox.getUserManager().getUser("bounces").deliver(message("""
                From: MAILER-DAEMON@mx.reader.example
                To: %s
                Subject: Undelivered Mail Returned to Sender
                Message-ID: <job-bounce@mx.reader.example>

                This is the mail system at host mx.reader.example.

                <gone@reader.example>: host mx.reader.example said: 550 5.1.1 User unknown
                """.formatted(sender.returnPath(tag))));

        TriggerKey tick = TriggerKey.triggerKey("bounces", "dispatch");
        scheduler.pauseTrigger(tick);
        scheduler.start();
        try {
            scheduler.triggerJob(BounceJobConfiguration.JOB);
            await().atMost(Duration.ofSeconds(10)).until(() -> subscribers
                    .findByEmail(EmailAddress.of("gone@reader.example")).orElseThrow().status()
                    == SubscriberStatus.SUSPENDED);
        } finally {
            scheduler.standby();
            scheduler.resumeTrigger(tick);
        }
    }

    private static MimeMessage message(String text) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(text.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8)));
    }
}
