package news.dispatch.web.logging;

import java.util.Iterator;
import java.util.List;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;

import news.dispatch.core.subscriber.EmailAddress;

import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.boot.logging.logback.ExtendedWhitespaceThrowableProxyConverter;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;

/**
 * Masks every email address in every line the log writes, message and stack trace alike, as
 * {@link EmailAddress#masked(String)} does ({@code j***@example.com}): whatever a library, an SMTP server's reply or a
 * database error puts into a message, a reader's address does not reach the log. Dispatch's own code logs ids, not
 * addresses; this is the net under it. Applied to the pattern appenders as soon as Spring Boot has set up Logback
 * (console, and file when {@code logging.file.name} is set), before the application's own beans log anything.
 * Structured logging ({@code logging.structured.format.*}) is not a pattern and is not masked.
 */
public final class MaskedAddresses implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

    private static final List<String> MESSAGE_WORDS = List.of("m", "msg", "message");
    private static final List<String> THROWABLE_WORDS =
            List.of("wEx", "wex", "ex", "exception", "throwable", "xEx", "xException", "xThrowable");

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        for (Logger logger : context.getLoggerList()) {
            for (Iterator<Appender<ILoggingEvent>> appenders = logger.iteratorForAppenders(); appenders.hasNext(); ) {
                if (appenders.next() instanceof OutputStreamAppender<ILoggingEvent> appender
                        && appender.getEncoder() instanceof PatternLayoutEncoder encoder
                        && encoder.getLayout() instanceof PatternLayout layout) {
                    mask(layout);
                }
            }
        }
    }

    /** Parses the layout's pattern again with the masking converters in place of the plain ones. */
    private static void mask(PatternLayout layout) {
        MESSAGE_WORDS.forEach(word -> layout.getInstanceConverterMap().put(word, MaskedMessage::new));
        THROWABLE_WORDS.forEach(word -> layout.getInstanceConverterMap().put(word, MaskedThrowable::new));
        layout.start();
    }

    /** Right after Spring Boot's logging set-up, which builds the appenders this changes. */
    @Override
    public int getOrder() {
        return LoggingApplicationListener.DEFAULT_ORDER + 1;
    }

    private static final class MaskedMessage extends MessageConverter {

        @Override
        public String convert(ILoggingEvent event) {
            return EmailAddress.masked(super.convert(event));
        }
    }

    private static final class MaskedThrowable extends ExtendedWhitespaceThrowableProxyConverter {

        @Override
        protected String throwableProxyToString(IThrowableProxy proxy) {
            return EmailAddress.masked(super.throwableProxyToString(proxy));
        }
    }
}
