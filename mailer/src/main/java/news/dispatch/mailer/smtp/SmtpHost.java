package news.dispatch.mailer.smtp;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/** Whether a real SMTP server is configured ({@code spring.mail.host}); without one the sandbox takes the mail. */
public final class SmtpHost {

    private SmtpHost() {
    }

    static boolean configured(ConditionContext context) {
        return StringUtils.hasText(context.getEnvironment().getProperty("spring.mail.host"));
    }

    /** Matches when {@code spring.mail.host} is set. */
    public static final class Configured implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return configured(context);
        }
    }

    /** Matches when {@code spring.mail.host} is not set. */
    public static final class Missing implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !configured(context);
        }
    }
}
