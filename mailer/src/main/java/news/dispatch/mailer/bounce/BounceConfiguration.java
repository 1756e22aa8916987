package news.dispatch.mailer.bounce;

import java.time.Clock;

import news.dispatch.mailer.sender.BounceSettings;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class BounceConfiguration {

    @Bean
    BounceMailbox bounceMailbox(Bounces bounces, BounceSettings settings, Clock clock) {
        return new BounceMailbox(bounces, settings.mailbox(), clock);
    }
}
