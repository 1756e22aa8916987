package news.dispatch.mailer.outbox;

import java.time.Clock;

import javax.sql.DataSource;

import news.dispatch.mailer.MailSettings;
import news.dispatch.mailer.dkim.DkimKeys;
import news.dispatch.mailer.sender.SenderIdentity;
import news.dispatch.mailer.smtp.MailRoute;
import news.dispatch.mailer.smtp.SendRate;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MailSettings.class)
class OutboxConfiguration {

    @Bean
    SendRate sendRate(MailSettings settings) {
        return new SendRate(settings.perSecond(), settings.perHour(), System::nanoTime);
    }

    /** {@code dispatch.mail.enabled=false} keeps mail queued and sends nothing, for maintenance or tests. */
    @Bean
    @ConditionalOnProperty(name = "dispatch.mail.enabled", havingValue = "true", matchIfMissing = true)
    DeliveryWorkers deliveryWorkers(JdbcOutbox outbox, Composition composition, MailRoute route,
                                    MailSettings settings, SendRate rate, Doorbell doorbell, Clock clock,
                                    SenderIdentity sender, DeliveryMetrics metrics, DkimKeys dkim,
                                    DeliveryPause pause, DataSource dataSource,
                                    ObjectProvider<RefusedAddresses> refused) {
        return new DeliveryWorkers(outbox, composition, route, settings, rate, doorbell, clock, sender, metrics,
                dkim, pause, SentJournal.beside(dataSource).orElse(null),
                refused.getIfAvailable(() -> (messageId, status, reply) -> { }));
    }
}
