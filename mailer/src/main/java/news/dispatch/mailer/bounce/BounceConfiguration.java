package news.dispatch.mailer.bounce;

import java.time.Clock;

import news.dispatch.mailer.sandbox.SandboxSmtp;
import news.dispatch.mailer.sender.BounceSettings;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class BounceConfiguration {

    /** The mailbox set, else, in the sandbox (no {@code spring.mail.host}), the sandbox's own. */
    @Bean
    BounceMailbox bounceMailbox(Bounces bounces, BounceSettings settings, ObjectProvider<SandboxSmtp> sandbox,
                                Clock clock) {
        String mailbox = settings.mailbox();
        if (mailbox.isBlank()) {
            mailbox = sandbox.stream().findFirst().map(SandboxSmtp::bouncesMailbox).orElse("");
        }
        return new BounceMailbox(bounces, mailbox, clock);
    }
}
