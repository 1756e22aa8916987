package news.dispatch.web;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import javax.sql.DataSource;

/**
 * Rows a transaction of the test's own has changed and not committed, so that the application waits for them (and on
 * H2 gives up after its lock timeout) until the test lets them go. Closing rolls back what is still held.
 */
public final class HeldRows implements AutoCloseable {

    private final Connection connection;

    private HeldRows(Connection connection) {
        this.connection = connection;
    }

    /** Holds the rows the statement changes. */
    public static HeldRows by(DataSource dataSource, String change) throws SQLException {
        Connection connection = dataSource.getConnection();
        connection.setAutoCommit(false);
        try (Statement sql = connection.createStatement()) {
            sql.executeUpdate(change);
        }
        return new HeldRows(connection);
    }

    /** Whether the database is H2, which, unlike PostgreSQL, stops waiting for a lock on its own. */
    public boolean onH2() throws SQLException {
        return "H2".equals(connection.getMetaData().getDatabaseProductName());
    }

    /** Lets the rows go (rolled back) after the delay, on a thread of their own. */
    public CompletableFuture<Void> letGoAfter(Duration delay) {
        return CompletableFuture.runAsync(() -> {
            try {
                Thread.sleep(delay.toMillis());
                connection.rollback();
            } catch (InterruptedException | SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Override
    public void close() throws SQLException {
        try {
            connection.rollback();
        } finally {
            connection.close();
        }
    }
}
