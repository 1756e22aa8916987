package news.dispatch.mailer.webhook;

import java.time.Clock;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WebhookSettings.class)
class WebhookConfiguration {

    @Bean
    JdbcWebhooks webhooks(JdbcClient jdbc, TransactionTemplate transaction, Clock clock, WebhookSettings settings) {
        return new JdbcWebhooks(jdbc, transaction, clock, settings);
    }

    /** {@code dispatch.webhooks.enabled=false} keeps calls queued and makes none. */
    @Bean
    @ConditionalOnProperty(name = "dispatch.webhooks.enabled", havingValue = "true", matchIfMissing = true)
    WebhookWorkers webhookWorkers(JdbcWebhooks webhooks, WebhookSettings settings, Clock clock) {
        return new WebhookWorkers(webhooks, settings, clock);
    }
}
