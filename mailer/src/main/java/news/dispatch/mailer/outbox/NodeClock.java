package news.dispatch.mailer.outbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Compares this node's clock with the database's as the node starts, where the database is a server of its own: claims
 * and leases are read against each node's clock, so a node whose clock runs ahead takes back claims another node is
 * still sending (a QA node 150 s ahead sent 250 readers their digest twice, without a failure anywhere).
 */
@Component
class NodeClock {

    private static final Logger log = LoggerFactory.getLogger(NodeClock.class);

    /** More than a commit's round trip and the clocks' usual drift; far less than a lease. */
    private static final Duration TOLERANCE = Duration.ofSeconds(2);

    private final JdbcClient jdbc;
    private final DataSource dataSource;
    private final Clock clock;

    NodeClock(JdbcClient jdbc, DataSource dataSource, Clock clock) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.clock = clock;
    }

    @EventListener(ApplicationReadyEvent.class)
    void compare() {
        if (embedded()) {
            return;
        }
        Instant before = clock.instant();
        Instant database = jdbc.sql("select current_timestamp").query(OffsetDateTime.class).single().toInstant();
        Instant after = clock.instant();
        Duration ahead = Duration.between(database, before.plus(Duration.between(before, after).dividedBy(2)));
        if (ahead.abs().compareTo(TOLERANCE) > 0) {
            log.warn("This node's clock is {} s {} the database's: claims and leases are read against each node's "
                            + "clock, and a node ahead of the others takes back mail they are still sending. Keep "
                            + "every node's clock in sync (NTP)", Math.round(Math.abs(ahead.toMillis()) / 1000.0),
                    ahead.isNegative() ? "behind" : "ahead of");
        }
    }

    /** H2 in this JVM reads the same clock; only a database server has one of its own. */
    private boolean embedded() {
        try (Connection connection = dataSource.getConnection()) {
            return "H2".equals(connection.getMetaData().getDatabaseProductName());
        } catch (SQLException e) {
            return true;
        }
    }
}
