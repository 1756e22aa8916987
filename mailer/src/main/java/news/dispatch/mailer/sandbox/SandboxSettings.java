package news.dispatch.mailer.sandbox;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The embedded SMTP server that captures mail when no {@code spring.mail.host} is set.
 *
 * @param port port on 127.0.0.1 it listens on; 0 picks a free one
 * @param keep how many of the emails it caught it keeps, in memory: the newest; the oldest go as new ones come, so
 *             that a run to a whole list of readers does not fill the heap
 */
@ConfigurationProperties("dispatch.sandbox")
public record SandboxSettings(@DefaultValue("0") int port, @DefaultValue("1000") int keep) {

    public SandboxSettings {
        if (keep < 1) {
            throw new IllegalArgumentException("dispatch.sandbox.keep must be at least 1, was " + keep);
        }
    }
}
