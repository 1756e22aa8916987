package news.dispatch.web.suppression;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Mailgun's webhooks, for a newsroom that relays its mail through Mailgun: its bounces and complaints are posted to
 * {@code POST /api/webhooks/mailgun} rather than mailed back.
 *
 * @param signingKey the account's HTTP webhook signing key (Mailgun's control panel, "Webhooks"); empty: the endpoint
 *                   answers {@code 404}
 * @param maxAge     how old a signed post may be; older ones are refused, so a captured one cannot be replayed later
 */
@ConfigurationProperties("dispatch.bounces.mailgun")
public record MailgunSettings(@DefaultValue("") String signingKey, @DefaultValue("15m") Duration maxAge) {
}
