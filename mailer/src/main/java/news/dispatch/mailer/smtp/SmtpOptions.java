package news.dispatch.mailer.smtp;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How to talk to a route's server, read from the Jakarta Mail properties Dispatch has always honoured
 * ({@code spring.mail.properties.mail.smtp.*}), so a configuration written for Jakarta Mail's transport keeps working.
 *
 * @param implicitTls       {@code mail.smtp.ssl.enable}: TLS from the first byte (port 465)
 * @param startTls          {@code mail.smtp.starttls.enable}: upgrade with STARTTLS when the server offers it
 * @param startTlsRequired  {@code mail.smtp.starttls.required}: refuse to send over a server that does not offer it
 * @param trusted           {@code mail.smtp.ssl.trust}: hosts whose certificate is taken as it is ({@code *}: all)
 * @param checkIdentity     {@code mail.smtp.ssl.checkserveridentity} (default true): the certificate must name the host
 * @param tlsProtocols      {@code mail.smtp.ssl.protocols}, space-separated; empty: the JDK's default
 * @param mechanisms        {@code mail.smtp.auth.mechanisms}, the AUTH mechanisms allowed, in order of preference
 * @param ehlo              {@code mail.smtp.ehlo} (default true); false greets with HELO only
 * @param localHost         {@code mail.smtp.localhost}: the name this client gives in EHLO; null: its address
 */
record SmtpOptions(String host, int port, String username, String password, boolean implicitTls, boolean startTls,
                   boolean startTlsRequired, List<String> trusted, boolean checkIdentity, List<String> tlsProtocols,
                   List<String> mechanisms, boolean ehlo, String localHost, Duration connectTimeout,
                   Duration readTimeout) {

    static SmtpOptions of(MailRoute route) {
        Map<String, String> properties = route.properties();
        boolean authenticate = route.username() != null && !route.username().isBlank()
                && !"false".equalsIgnoreCase(properties.get("mail.smtp.auth"));
        return new SmtpOptions(route.host(), route.port(), authenticate ? route.username() : null,
                route.password() == null ? "" : route.password(),
                flag(properties, "mail.smtp.ssl.enable", false),
                flag(properties, "mail.smtp.starttls.enable", false)
                        || flag(properties, "mail.smtp.starttls.required", false),
                flag(properties, "mail.smtp.starttls.required", false),
                words(properties.getOrDefault("mail.smtp.ssl.trust", "")),
                flag(properties, "mail.smtp.ssl.checkserveridentity", true),
                words(properties.getOrDefault("mail.smtp.ssl.protocols", "")),
                words(properties.getOrDefault("mail.smtp.auth.mechanisms", "PLAIN LOGIN").toUpperCase()),
                flag(properties, "mail.smtp.ehlo", true),
                properties.getOrDefault("mail.smtp.localhost", localHostName()),
                millis(properties, "mail.smtp.connectiontimeout", 10_000),
                millis(properties, "mail.smtp.timeout", 30_000));
    }

    boolean authenticates() {
        return username != null;
    }

    /** Whether the host's certificate is taken without checking it ({@code mail.smtp.ssl.trust}). */
    boolean trustsAnyCertificate() {
        return trusted.contains("*") || trusted.contains(host);
    }

    private static boolean flag(Map<String, String> properties, String name, boolean otherwise) {
        String value = properties.get(name);
        return value == null ? otherwise : Boolean.parseBoolean(value.trim());
    }

    private static Duration millis(Map<String, String> properties, String name, long otherwise) {
        String value = properties.get(name);
        return Duration.ofMillis(value == null ? otherwise : Long.parseLong(value.trim()));
    }

    private static List<String> words(String text) {
        return Arrays.stream(text.trim().split("[\\s,]+")).filter(word -> !word.isEmpty()).toList();
    }

    /**
     * The machine's name, when it is a domain name: {@code localhost} or a name without a dot is no name a relay
     * takes in EHLO (Postfix's {@code reject_non_fqdn_helo_hostname}), and the session then gives its address as a
     * literal, as RFC 5321 §4.1.4 asks of a client without a meaningful name. Null for none.
     */
    private static String localHostName() {
        try {
            InetAddress local = InetAddress.getLocalHost();
            for (String name : List.of(local.getCanonicalHostName(), local.getHostName())) {
                if (name.indexOf('.') > 0 && !name.toLowerCase(Locale.ROOT).startsWith("localhost")
                        && !Character.isDigit(name.charAt(name.length() - 1))) {
                    return name;
                }
            }
        } catch (UnknownHostException e) {
            // None: the address literal.
        }
        return null;
    }

    @Override
    public String toString() {
        // The password stays out of logs.
        return "smtp://" + host + ":" + port;
    }
}
