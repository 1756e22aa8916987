package news.dispatch.web.logging;

import java.sql.SQLException;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;

import org.slf4j.Marker;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;

/**
 * Keeps out of the log H2's own line for each refusal Dispatch handles: a transaction chosen as a deadlock's victim
 * ({@code 40001}) or a lock not granted within the lock timeout ({@code 50200}). H2's trace (the URL's
 * {@code TRACE_LEVEL_FILE=4}) logs every exception it hands to the application as an {@code ERROR} with a stack trace;
 * these ones the application tries again (readers', admins' and editors' changes, a digest run's batch) or answers
 * with {@code 503} and a line of its own. Under a QA helper's load H2 wrote 107 of them in 120 s, most for changes
 * that then went through. Every other exception H2 logs is still logged.
 */
public final class HandledRefusals implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

    /** The logger H2's trace writes to. */
    static final String H2_TRACE = "h2database";

    private static final String DEADLOCK_VICTIM = "40001";
    private static final int LOCK_TIMEOUT = 50200;

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        TurboFilters.install(Filter.class, Filter::new);
    }

    /** Right after Spring Boot's logging set-up, which resets Logback's filters. */
    @Override
    public int getOrder() {
        return LoggingApplicationListener.DEFAULT_ORDER + 1;
    }

    private static final class Filter extends TurboFilter {

        @Override
        public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
                                  Throwable thrown) {
            return thrown instanceof SQLException refused && level == Level.ERROR && H2_TRACE.equals(logger.getName())
                    && (DEADLOCK_VICTIM.equals(refused.getSQLState()) || refused.getErrorCode() == LOCK_TIMEOUT)
                    ? FilterReply.DENY : FilterReply.NEUTRAL;
        }
    }
}
