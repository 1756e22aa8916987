package news.dispatch.mailer.smtp;

import java.util.Map;

/**
 * The SMTP server mail goes to: the one in {@code spring.mail.*}, or the embedded sandbox.
 *
 * @param properties extra Jakarta Mail properties ({@code spring.mail.properties.*}), such as STARTTLS, read by
 *                   {@link SmtpConnection} as Jakarta Mail reads them
 */
public record MailRoute(String host, int port, String username, String password, Map<String, String> properties,
                        boolean sandbox) {

    public MailRoute {
        properties = Map.copyOf(properties);
    }

    @Override
    public String toString() {
        return (sandbox ? "sandbox " : "") + "smtp://" + host + ":" + port;
    }
}
