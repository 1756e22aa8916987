package news.dispatch.mailer.sandbox;

import news.dispatch.mailer.sender.SenderIdentity;
import news.dispatch.mailer.smtp.MailRoute;
import news.dispatch.mailer.smtp.SmtpHost;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/** Without {@code spring.mail.host}, mail goes to the sandbox; with it, none of this starts. */
@Configuration(proxyBeanMethods = false)
@Conditional(SmtpHost.Missing.class)
@EnableConfigurationProperties(SandboxSettings.class)
class SandboxConfiguration {

    @Bean
    SandboxSmtp sandboxSmtp(SandboxSettings settings, SenderIdentity sender) {
        return new SandboxSmtp(settings, sender);
    }

    @Bean
    MailRoute sandboxRoute(SandboxSmtp sandbox) {
        return sandbox.route();
    }
}
