package news.dispatch.web.logging;

import java.util.function.Supplier;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;

import org.slf4j.LoggerFactory;

/** Logback's filters that see every line before it is written, installed once each, after Spring Boot's set-up. */
final class TurboFilters {

    private TurboFilters() {
    }

    /** Installs the filter unless one of its kind is there already (a second context in the same JVM, a test's). */
    static void install(Class<? extends TurboFilter> kind, Supplier<? extends TurboFilter> filter) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context
                && context.getTurboFilterList().stream().noneMatch(kind::isInstance)) {
            TurboFilter made = filter.get();
            made.setContext(context);
            made.start();
            context.addTurboFilter(made);
        }
    }
}
