package news.dispatch.mailer.smtp;

import java.util.Map;
import java.util.Properties;

import jakarta.mail.Session;

/**
 * The SMTP server mail goes to: the one in {@code spring.mail.*}, or the embedded sandbox.
 *
 * @param properties extra Jakarta Mail properties ({@code spring.mail.properties.*}), such as STARTTLS
 */
public record MailRoute(String host, int port, String username, String password, Map<String, String> properties,
                        boolean sandbox) {

    private static final String STREAM_PROVIDER = "jakarta.mail.util.StreamProvider";

    public MailRoute {
        properties = Map.copyOf(properties);
    }

    /** A Jakarta Mail session whose SMTP sockets send without delay. */
    public Session session() {
        // Without it, Jakarta Mail looks its stream provider up through ServiceLoader for every message sent
        // (jakartaee/mail-api#861): about a fifth of the CPU of sending.
        if (System.getProperty(STREAM_PROVIDER) == null) {
            System.setProperty(STREAM_PROVIDER, "org.eclipse.angus.mail.util.MailStreamProvider");
        }
        Properties props = new Properties();
        props.put("mail.transport.protocol", "smtp");
        props.put("mail.smtp.host", host);
        props.put("mail.smtp.port", String.valueOf(port));
        props.put("mail.smtp.connectiontimeout", "10000");
        props.put("mail.smtp.timeout", "30000");
        props.put("mail.smtp.writetimeout", "30000");
        props.put("mail.smtp.socketFactory.class", NoDelaySocketFactory.class.getName());
        props.put("mail.smtp.socketFactory.fallback", "false");
        props.put("mail.smtp.socketFactory.port", String.valueOf(port));
        if (username != null && !username.isBlank()) {
            props.put("mail.smtp.auth", "true");
        }
        props.putAll(properties);
        return Session.getInstance(props);
    }

    @Override
    public String toString() {
        return (sandbox ? "sandbox " : "") + "smtp://" + host + ":" + port;
    }
}
