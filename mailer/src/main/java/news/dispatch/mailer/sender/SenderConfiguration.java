package news.dispatch.mailer.sender;

import news.dispatch.mailer.MailSettings;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BounceSettings.class)
class SenderConfiguration {

    @Bean
    SenderIdentity senderIdentity(MailSettings mail, BounceSettings bounces) {
        return new SenderIdentity(mail, bounces);
    }
}
