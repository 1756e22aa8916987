package news.dispatch.mailer.alert;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Guardrails that keep alerts in the readers' interest.
 *
 * @param dailyCap most alerts one reader gets in one local day (the day of their time zone in which an alert reaches
 *                 them); later alerts that day are not sent to them, and the story stays for their next digest
 */
@ConfigurationProperties("dispatch.alerts")
public record AlertSettings(@DefaultValue("3") int dailyCap) {

    public AlertSettings {
        if (dailyCap < 1) {
            throw new IllegalArgumentException("dispatch.alerts.daily-cap must be at least 1, was " + dailyCap);
        }
    }
}
