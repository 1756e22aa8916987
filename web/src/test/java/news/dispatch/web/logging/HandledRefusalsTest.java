package news.dispatch.web.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * H2's trace, as the application's URL turns it on, with the filter in place: the refusals the application handles
 * leave no line; any other error H2 hands over is logged as before.
 */
@ExtendWith(OutputCaptureExtension.class)
class HandledRefusalsTest {

    private static final String URL = "jdbc:h2:mem:handled-refusals;MODE=PostgreSQL;TRACE_LEVEL_FILE=4;LOCK_TIMEOUT=200";

    @Test
    void aLockTimeoutAndADeadlockVictimLeaveNoLineAndOtherErrorsDo(CapturedOutput output) throws Exception {
        new HandledRefusals().onApplicationEvent(null);
        try (Connection first = DriverManager.getConnection(URL); Connection second = DriverManager.getConnection(URL)) {
            first.createStatement().execute("create table story (id int primary key, title varchar(50))");
            first.createStatement().execute("insert into story values (1, 'a'), (2, 'b')");
            first.setAutoCommit(false);
            second.setAutoCommit(false);

            update(first, 1);
            assertThatThrownBy(() -> update(second, 1)).isInstanceOf(SQLException.class)
                    .hasMessageContaining("Timeout trying to lock");
            second.rollback();

            update(second, 2);
            CountDownLatch waiting = new CountDownLatch(1);
            CompletableFuture<Void> firstWaits = CompletableFuture.runAsync(() -> {
                waiting.countDown();
                try {
                    update(first, 2);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(waiting.await(5, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(50);
            assertThatThrownBy(() -> update(second, 1)).isInstanceOf(SQLException.class)
                    .hasMessageContaining("Deadlock");
            second.rollback();
            firstWaits.get(5, TimeUnit.SECONDS);
            first.rollback();

            assertThatThrownBy(() -> first.createStatement().executeQuery("select headline from story"))
                    .isInstanceOf(SQLException.class);
        }

        assertThat(output.getAll()).doesNotContain("Timeout trying to lock", "Deadlock detected")
                .contains("Column \"HEADLINE\" not found");
    }

    private static void update(Connection connection, int id) throws SQLException {
        try (Statement sql = connection.createStatement()) {
            sql.executeUpdate("update story set title = 'c' where id = " + id);
        }
    }
}
