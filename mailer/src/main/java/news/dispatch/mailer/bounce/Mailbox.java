package news.dispatch.mailer.bounce;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

import news.dispatch.core.RefusedSetting;

/**
 * Where {@code dispatch.bounces.mailbox} points: {@code imap://user:password@host:port/FOLDER} (or {@code imaps},
 * {@code pop3}, {@code pop3s}), the user and password URL-encoded ({@code %40} for an {@code @} in a user name).
 * Its {@link #toString()} leaves the password out, so it can be logged.
 */
record Mailbox(String protocol, String host, int port, String user, String password, String folder) {

    private static final String SETTING = "dispatch.bounces.mailbox";
    private static final Set<String> PROTOCOLS = Set.of("imap", "imaps", "pop3", "pop3s");

    static Mailbox parse(String url) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new RefusedSetting(SETTING, "is not a URL (imap://user:password@host/INBOX)");
        }
        String protocol = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!PROTOCOLS.contains(protocol) || uri.getHost() == null) {
            throw new RefusedSetting(SETTING, "must be an imap://, imaps://, pop3:// or pop3s:// URL with a host");
        }
        String userInfo = uri.getRawUserInfo();
        String user = null;
        String password = null;
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
        }
        String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        return new Mailbox(protocol, uri.getHost(), uri.getPort(), user, password,
                path.isBlank() ? "INBOX" : path);
    }

    boolean imap() {
        return protocol.startsWith("imap");
    }

    /** Percent-decoding only: a {@code +} in a password is a plus, not a space as in a form. */
    private static String decode(String part) {
        return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        // The user after the URL, not in it: the log masks whatever reads as an address, and user@host did, with
        // the URL's slashes taken for part of it ("imap:/***@127.0.0.1:993/INBOX").
        return protocol + "://" + host + (port < 0 ? "" : ":" + port) + "/" + folder
                + (user == null ? "" : " as " + user);
    }
}
