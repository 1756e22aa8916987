package news.dispatch.mailer.sandbox;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The embedded SMTP server that captures mail when no {@code spring.mail.host} is set.
 *
 * @param port port on 127.0.0.1 it listens on; 0 picks a free one
 */
@ConfigurationProperties("dispatch.sandbox")
public record SandboxSettings(@DefaultValue("0") int port) {
}
