package news.dispatch.mailer.smtp;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.mail.autoconfigure.MailProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

@Configuration(proxyBeanMethods = false)
class SmtpRouteConfiguration {

    /** The SMTP server of {@code spring.mail.*}: host, port (25), username, password and extra properties. */
    @Bean
    @Conditional(SmtpHost.Configured.class)
    MailRoute smtpRoute(Environment environment) {
        MailProperties mail = Binder.get(environment).bindOrCreate("spring.mail", MailProperties.class);
        return new MailRoute(mail.getHost(), mail.getPort() == null ? 25 : mail.getPort(), mail.getUsername(),
                mail.getPassword(), mail.getProperties(), false);
    }
}
