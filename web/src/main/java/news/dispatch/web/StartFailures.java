package news.dispatch.web;

import java.util.regex.Pattern;

import news.dispatch.core.RefusedSetting;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * Says in a few lines, instead of a stack trace of a hundred, why the app did not start when an operator's setting is
 * to blame but the binding of settings could not see it: a setting refused as it was put to use (a DKIM key file, the
 * data folder).
 */
public final class StartFailures implements FailureAnalyzer {

    /**
     * PostgreSQL's JDBC driver prepares a statement on the server after its fifth use, under a name of its session;
     * a pooler that hands each transaction another server session (PgBouncer's {@code pool_mode=transaction}, before
     * its 1.21's {@code max_prepared_statements}) meets names of other clients' sessions, or misses its own.
     */
    private static final Pattern POOLED_PREPARED_STATEMENT =
            Pattern.compile("prepared statement \"S_\\d+\" (?:already exists|does not exist)");

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        Throwable pooled = null;
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RefusedSetting refused) {
                return new FailureAnalysis(refused.getMessage(), "Correct " + refused.setting()
                        + " (or its environment variable), then start Dispatch again.", refused);
            }
            if (cause.getMessage() != null && POOLED_PREPARED_STATEMENT.matcher(cause.getMessage()).find()) {
                pooled = cause;
            }
        }
        return pooled == null ? null : new FailureAnalysis("spring.datasource.url reaches PostgreSQL through a pooler"
                + " that gives each transaction another server session (PgBouncer's pool_mode=transaction), and the"
                + " driver's prepared statements met another session's: " + pooled.getMessage().lines().findFirst()
                .orElse(""), "Add prepareThreshold=0 to spring.datasource.url (e.g. jdbc:postgresql://pgbouncer:6432/"
                + "dispatch?prepareThreshold=0), or set max_prepared_statements in PgBouncer 1.21 or later, then start"
                + " Dispatch again.", pooled);
    }
}
