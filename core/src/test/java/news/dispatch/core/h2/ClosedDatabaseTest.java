package news.dispatch.core.h2;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.TransactionSystemException;

/** H2 closed under the app is found however deep Spring wrapped it, and nothing else is taken for it. */
class ClosedDatabaseTest {

    @Test
    void findsH2ClosedOrItsFileUnwritableAmongAFailuresCauses() {
        SQLException closed = new SQLNonTransientConnectionException(
                "The database has been closed [90098-252]\nmore of H2's words", "90098", 90098);
        assertThat(ClosedDatabase.in(new DataAccessResourceFailureException("select", closed)))
                .contains("The database has been closed [90098-252]");

        IOException full = new IOException("No space left on device");
        TransactionSystemException commit = new TransactionSystemException("commit failed",
                new SQLException("General error", "HY000", 50000, new IllegalStateException("write", full)));
        assertThat(ClosedDatabase.in(commit)).contains("No space left on device");
    }

    @Test
    void anyOtherFailureIsNotIt() {
        assertThat(ClosedDatabase.in(new DataAccessResourceFailureException("connection refused",
                new SQLNonTransientConnectionException("Connection refused", "08001", 0)))).isEmpty();
        assertThat(ClosedDatabase.in(new IOException("Broken pipe"))).isEmpty();
        assertThat(ClosedDatabase.in(new IllegalStateException("the journal of sent mail",
                new IOException("No space left on device")))).as("another file, the database still writable")
                .isEmpty();
        assertThat(ClosedDatabase.in(new IllegalStateException())).isEmpty();
    }
}
