package news.dispatch.mailer.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;

import javax.sql.DataSource;

import news.dispatch.core.testing.PostgresForTests;
import news.dispatch.mailer.MailerTestApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A node whose clock runs ahead of the database server's is told so as it starts; one in step is not. */
@SpringBootTest(classes = MailerTestApplication.class, properties = {"spring.mail.host=127.0.0.1",
        "dispatch.mail.enabled=false"})
@ExtendWith(OutputCaptureExtension.class)
class NodeClockOnPostgresIT {

    private static final String WARNING = "Keep every node's clock in sync (NTP)";

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresForTests.register(registry, "mailer_node_clock");
    }

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Test
    void aNodeTwoAndAHalfMinutesAheadIsWarnedAndOneInStepIsNot(CapturedOutput output) {
        new NodeClock(jdbc, dataSource, Clock.systemUTC()).compare();
        assertThat(output.getOut()).doesNotContain(WARNING);

        new NodeClock(jdbc, dataSource, Clock.offset(Clock.systemUTC(), Duration.ofSeconds(150))).compare();

        assertThat(output.getOut()).contains("This node's clock is 150 s ahead of the database's", WARNING);
    }
}
