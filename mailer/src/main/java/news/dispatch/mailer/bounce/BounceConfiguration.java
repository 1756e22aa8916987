package news.dispatch.mailer.bounce;

import java.time.Clock;

import news.dispatch.mailer.sandbox.SandboxSmtp;
import news.dispatch.mailer.sender.BounceSettings;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class BounceConfiguration {

    private static final Logger log = LoggerFactory.getLogger(BounceConfiguration.class);

    /** The mailbox set, else, in the sandbox (no {@code spring.mail.host}), the sandbox's own. */
    @Bean
    BounceMailbox bounceMailbox(Bounces bounces, BounceSettings settings, ObjectProvider<SandboxSmtp> sandbox,
                                Clock clock) {
        String mailbox = settings.mailbox();
        if (mailbox.isBlank()) {
            mailbox = sandbox.stream().findFirst().map(SandboxSmtp::bouncesMailbox).orElse("");
        }
        // Every email offers a mailto unsubscribe (the contract's), which only a read mailbox honours.
        if (mailbox.isBlank()) {
            log.warn("No bounces mailbox is read (dispatch.bounces.mailbox is empty): readers who unsubscribe by mail "
                    + "through the mailto every email offers keep getting it, and bounces and complaints are not "
                    + "heard. Set dispatch.bounces.mailbox to the mailbox that receives the return path's mail.");
        }
        return new BounceMailbox(bounces, mailbox, clock);
    }
}
