package news.dispatch.web.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLNonTransientConnectionException;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.health.DataSourceHealthIndicator;

/**
 * Health is {@code DOWN} when the database answers no question, though its connections say they are valid: as an
 * embedded H2 database's do once a failed write of its file closed it.
 */
class DatabaseHealthTest {

    @Test
    void aDatabaseThatAnswersIsUpAndOneClosedUnderValidConnectionsIsDown() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:health;DB_CLOSE_DELAY=-1");
        assertThat(health(h2)).isEqualTo(Status.UP);

        DataSource closed = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {DataSource.class}, (source, method, args) -> method.getName().equals("getConnection")
                        ? closedConnection(h2.getConnection()) : method.invoke(h2, args));

        assertThat(health(closed)).isEqualTo(Status.DOWN);
    }

    private static Status health(DataSource dataSource) throws Exception {
        DataSourceHealthIndicator indicator = new DatabaseHealth().dbHealthIndicator(dataSource);
        indicator.afterPropertiesSet();
        return indicator.health(false).getStatus();
    }

    /** Valid, by its word, and every statement refused as H2 refuses them once it closed. */
    private static Connection closedConnection(Connection real) {
        return (Connection) Proxy.newProxyInstance(DatabaseHealthTest.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (connection, method, args) -> switch (method.getName()) {
                    case "isValid" -> true;
                    case "createStatement", "prepareStatement" -> throw new SQLNonTransientConnectionException(
                            "The database has been closed [90098-252]", "90098", 90098);
                    default -> method.invoke(real, args);
                });
    }
}
