package news.dispatch.web.metrics;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Who may read the meters besides admins.
 *
 * @param token a secret a Prometheus scraper sends as {@code Authorization: Bearer <token>} to read
 *              {@code /actuator/prometheus}, and nothing else; unset (the default), only admins read it
 */
@ConfigurationProperties("dispatch.metrics")
public record MetricsSettings(String token) {

    public MetricsSettings {
        if (token != null && token.isBlank()) {
            token = null;
        }
        if (token != null && token.strip().length() < 16) {
            throw new IllegalArgumentException("dispatch.metrics.token must be at least 16 characters: a scraper's "
                    + "token is a password that cannot be throttled like a sign-in");
        }
    }

    /** Whether a scraper's token is set at all. */
    public boolean scrapable() {
        return token != null;
    }
}
