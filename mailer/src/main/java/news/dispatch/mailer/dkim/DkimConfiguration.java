package news.dispatch.mailer.dkim;

import java.time.Clock;

import news.dispatch.mailer.sender.SenderIdentity;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DkimSettings.class)
class DkimConfiguration {

    /** Reads a configured key, or makes the first one, at start: a key that cannot sign stops the start. */
    @Bean
    DkimKeys dkimKeys(JdbcClient jdbc, TransactionTemplate transaction, Clock clock, DkimSettings settings,
                      SenderIdentity sender) {
        DkimKeys keys = new DkimKeys(jdbc, transaction, clock, settings, sender);
        keys.generateFirstKey();
        return keys;
    }
}
