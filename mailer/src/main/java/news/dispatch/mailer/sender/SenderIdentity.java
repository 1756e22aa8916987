package news.dispatch.mailer.sender;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import news.dispatch.core.RefusedSetting;
import news.dispatch.mailer.MailSettings;

/**
 * Who Dispatch's mail says it is from, on the wire and in DNS: the From address, the sending domain that
 * Message-IDs, List-Ids and DKIM name, and the return path that bounces and mailto unsubscribes come back to.
 * Mailbox providers trust bulk mail whose domains all align with the From domain (DMARC).
 */
public final class SenderIdentity {

    /**
     * The longest {@code +tag} an email's return path carries ({@code d<id>.<millis>.<mark>}, as the outbox's
     * {@code MessageId} writes it, for deliveries numbered up to ten digits), and the local part RFC 5321 allows.
     */
    private static final int LONGEST_TAG = 42;
    private static final int LONGEST_LOCAL_PART = 64;

    private final InternetAddress from;
    private final String domain;
    private final String returnLocal;
    private final String returnDomain;
    private final boolean tagged;

    public SenderIdentity(MailSettings mail, BounceSettings bounces) {
        this(mail.from(), bounces.address(), bounces.tagged());
    }

    /**
     * @param from    the From, as {@code dispatch.mail.from} holds it
     * @param bounces the return path's address; blank is the From address
     * @param tagged  whether each email's return path carries its delivery's {@code +tag}
     */
    public SenderIdentity(String from, String bounces, boolean tagged) {
        this.from = address("dispatch.mail.from", from);
        this.domain = domainOf(this.from.getAddress());
        String returnPath = bounces.isBlank() ? this.from.getAddress()
                : address("dispatch.bounces.address", bounces).getAddress();
        int at = returnPath.lastIndexOf('@');
        this.returnLocal = returnPath.substring(0, at);
        this.returnDomain = domainOf(returnPath);
        this.tagged = tagged;
    }

    public InternetAddress from() {
        return from;
    }

    /** The From address's domain, lower-case: what Message-ID and List-Id name, and DKIM signs for by default. */
    public String domain() {
        return domain;
    }

    /** The return path without a tag: where bounces and mailto unsubscribes arrive. */
    public String returnPath() {
        return returnLocal + "@" + returnDomain;
    }

    /** The return path of one email, with its {@code +tag} when tagging is on. */
    public String returnPath(String tag) {
        return tagged ? returnLocal + "+" + tag + "@" + returnDomain : returnPath();
    }

    /**
     * Whether every email's return path keeps within the 64 characters RFC 5321 allows the part before the {@code @}
     * once its {@code +tag} is added: a server that holds to it refuses the mail (QA, 7 December).
     */
    public boolean returnPathFits() {
        return !tagged || returnLocal.length() + 1 + LONGEST_TAG <= LONGEST_LOCAL_PART;
    }

    /** The most characters the return path's part before the {@code @} may have, its tags included. */
    public int longestReturnLocal() {
        return tagged ? LONGEST_LOCAL_PART - 1 - LONGEST_TAG : LONGEST_LOCAL_PART;
    }

    /**
     * The tag of a tagged return path, such as a bounce's original recipient or the address a mailto unsubscribe
     * was sent to; empty for an address of any other shape or domain.
     */
    public Optional<String> tagOf(String address) {
        String bare = address == null ? "" : address.strip().toLowerCase(Locale.ROOT);
        String prefix = returnLocal.toLowerCase(Locale.ROOT) + "+";
        String suffix = "@" + returnDomain;
        return bare.startsWith(prefix) && bare.endsWith(suffix) && bare.length() > prefix.length() + suffix.length()
                ? Optional.of(bare.substring(prefix.length(), bare.length() - suffix.length()))
                : Optional.empty();
    }

    /** Whether the return path aligns with the From domain (the same organisational domain or a subdomain of it). */
    public boolean returnPathAligned() {
        return aligned(returnDomain);
    }

    /**
     * Whether a domain aligns with the From domain as DMARC's relaxed mode reads it: the same domain, or one a
     * subdomain of the other. Without the public suffix list a bare suffix such as {@code example} could pass as a
     * parent, so a parent must hold a dot at least.
     */
    public boolean aligned(String other) {
        String d = other.toLowerCase(Locale.ROOT);
        return d.equals(domain) || d.endsWith("." + domain) || d.contains(".") && domain.endsWith("." + d);
    }

    /** The {@code mailto:} of List-Unsubscribe: the return path, with a subject that names the reader's link. */
    public String unsubscribeMailto(String unsubscribeToken) {
        return "mailto:" + returnPath() + "?subject="
                + URLEncoder.encode("unsubscribe " + unsubscribeToken, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A List-Id on the sending domain; each kind of mail is its own list to a mail client's filters. */
    public String listId(String name, String label) {
        return label + " <" + name + "." + domain + ">";
    }

    private static InternetAddress address(String setting, String value) {
        try {
            InternetAddress address = new InternetAddress(value, true);
            if (address.getAddress().lastIndexOf('@') < 1) {
                throw new AddressException("no domain", value);
            }
            return address;
        } catch (AddressException e) {
            throw new RefusedSetting(setting, "'" + value + "' is not an email address", e);
        }
    }

    private static String domainOf(String address) {
        return address.substring(address.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
    }
}
