package news.dispatch.core.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.util.List;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import news.dispatch.core.CoreTestApplication;
import news.dispatch.core.subscriber.EmailAddress;
import news.dispatch.core.subscriber.Frequency;
import news.dispatch.core.subscriber.Preferences;
import news.dispatch.core.subscriber.SubscriberStatus;
import news.dispatch.core.subscriber.Subscribers;
import news.dispatch.core.tag.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The pool retires each connection after a while (Hikari's {@code max-lifetime}, 30 minutes by default), the one the
 * migrations ran on included. H2 2.4.240 tied a CHECK constraint's list of values to the session that created it:
 * once that session closed, every insert into the table failed with "Check constraint invalid" until a restart, so
 * a newsroom that started Dispatch on a fresh database could take no sign-up half an hour later.
 */
@SpringBootTest(classes = CoreTestApplication.class, properties = {
        "spring.datasource.url=jdbc:h2:mem:retired;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;"
                + "DB_CLOSE_DELAY=-1",
        "spring.datasource.hikari.maximum-pool-size=2"})
class RetiredConnectionsIT {

    @Autowired
    DataSource dataSource;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Subscribers subscribers;

    @Test
    void readersSignUpAfterThePoolRetiredTheConnectionTheMigrationsRanOn() {
        long lastOpened = jdbc.sql("select max(session_id) from information_schema.sessions").query(Long.class)
                .single();

        ((HikariDataSource) dataSource).getHikariPoolMXBean().softEvictConnections();

        assertThat(jdbc.sql("select session_id()").query(Long.class).single()).isGreaterThan(lastOpened);
        subscribers.add(EmailAddress.of("reader@example.com"), new Preferences(List.of(Tag.of("#Aviation")),
                Frequency.DAILY, ZoneId.of("Europe/Berlin"), 7, false), SubscriberStatus.PENDING);
        assertThat(subscribers.findByEmail(EmailAddress.of("reader@example.com"))).isPresent();
    }
}
