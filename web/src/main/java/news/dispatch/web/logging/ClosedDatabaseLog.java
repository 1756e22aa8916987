package news.dispatch.web.logging;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;

import news.dispatch.core.h2.ClosedDatabase;

import org.slf4j.Marker;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;

/**
 * Once the embedded H2 database has closed under the app (a failed write of its file: {@link ClosedDatabase}), every
 * thread that touches it fails the same way until a restart: the workers, the schedule, the webhooks, the file's
 * packing, each a stack trace a try. An operator's QA of 7 December 2026 read 1,000 to 2,600 lines a second, enough to
 * fill again the disk whose filling closed it. Each logger now writes the first such line of a minute and no more,
 * and the first of all comes after one line that says what happened and what to do.
 */
public final class ClosedDatabaseLog implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

    static final String ADVICE_LOGGER = ClosedDatabaseLog.class.getName();

    private static final long MINUTE = 60_000;

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        TurboFilters.install(Filter.class, () -> new Filter(Clock.systemUTC()));
    }

    /** Right after Spring Boot's logging set-up, which resets Logback's filters. */
    @Override
    public int getOrder() {
        return LoggingApplicationListener.DEFAULT_ORDER + 1;
    }

    static final class Filter extends TurboFilter {

        private final Clock clock;
        /** When each logger last wrote a line about the closed database. */
        private final Map<String, Long> lastLine = new ConcurrentHashMap<>();
        private volatile boolean told;

        Filter(Clock clock) {
            this.clock = clock;
        }

        @Override
        public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
                                  Throwable thrown) {
            if (level.isGreaterOrEqual(Level.WARN) && !ADVICE_LOGGER.equals(logger.getName())
                    && aboutTheClosedDatabase(params, thrown)) {
                if (!told) {
                    told = true;
                    ((LoggerContext) getContext()).getLogger(ADVICE_LOGGER).error("{}: it answers nothing until then, and mail waits"
                            + " in the outbox. Each part of Dispatch logs this once a minute.", ClosedDatabase.ADVICE);
                }
                long now = clock.millis();
                Long last = lastLine.get(logger.getName());
                if (last != null && now - last < MINUTE) {
                    return FilterReply.DENY;
                }
                lastLine.put(logger.getName(), now);
            }
            return FilterReply.NEUTRAL;
        }

        /** The failure logged, whether handed over as such, as the last argument, or as a message's text. */
        private static boolean aboutTheClosedDatabase(Object[] params, Throwable thrown) {
            if (thrown != null && ClosedDatabase.in(thrown).isPresent()) {
                return true;
            }
            if (params == null) {
                return false;
            }
            for (Object param : params) {
                if (param instanceof Throwable failure ? ClosedDatabase.in(failure).isPresent()
                        : param instanceof String text && text.contains("The database has been closed")) {
                    return true;
                }
            }
            return false;
        }
    }
}
