package news.dispatch.core.h2;

import java.io.IOException;
import java.sql.SQLException;
import java.util.Optional;

/**
 * An embedded H2 database that closed under the app: a write of its file failed (a full disk, most often), after
 * which H2 answers every statement with "The database has been closed" until the app starts again, its file repaired
 * before any bean ({@link OpenAfterCrash}). Found in a failure's causes, so that the operator is told that, and not
 * "try again in a moment" (an operator's QA, 7 December 2026).
 */
public final class ClosedDatabase {

    /** H2's {@code ErrorCode.DATABASE_IS_CLOSED}. */
    private static final int DATABASE_IS_CLOSED = 90098;

    /** What the operator reads, wherever the failure shows. */
    public static final String ADVICE = "Dispatch's embedded database closed after a write of its file failed (is the"
            + " disk full?); free space and restart Dispatch";

    private ClosedDatabase() {
    }

    /**
     * The failure's cause, as an operator reads it, when it is H2 closed or its file unwritable (a full disk under a
     * statement); empty otherwise: a full disk under another file (the journal of sent mail) leaves the database
     * working, and is not said to have closed it.
     */
    public static Optional<String> in(Throwable failure) {
        boolean statement = false;
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLException sql) {
                if (sql.getErrorCode() == DATABASE_IS_CLOSED) {
                    return Optional.of(firstLine(sql.getMessage()));
                }
                statement = true;
            }
            if (statement && cause instanceof IOException io && io.getMessage() != null
                    && io.getMessage().contains("No space left on device")) {
                return Optional.of(firstLine(io.getMessage()));
            }
        }
        return Optional.empty();
    }

    private static String firstLine(String message) {
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
