package news.dispatch.mailer.dkim;

import java.util.Locale;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How Dispatch signs its mail with DKIM.
 *
 * @param enabled    sign every email; off, nothing is signed and signing costs nothing
 * @param domain     the signing domain ({@code d=}); empty is the From address's domain
 * @param selector   the selector ({@code s=}) of the first key, generated at start when no key is configured or
 *                   stored, and of {@code private-key}
 * @param privateKey a PEM PKCS#8 private key, RSA of at least 2048 bits or Ed25519, inline or as {@code file:/path};
 *                   empty: an RSA 2048 key is generated once and kept in the database, and keys are rotated from
 *                   the admin's Sending page. A key given here signs for its algorithm and is not rotated there.
 * @param nativeRsa  sign RSA with AWS-LC's native code where it loads (Linux x86-64), a quarter of the JDK's CPU a
 *                   signature; off, or elsewhere, the JDK signs
 */
@ConfigurationProperties("dispatch.mail.dkim")
public record DkimSettings(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("") String domain,
        @DefaultValue("dispatch") String selector,
        @DefaultValue("") String privateKey,
        @DefaultValue("true") boolean nativeRsa) {

    /** A DNS name's labels: letters, digits and inner hyphens, dot-separated. */
    static final Pattern SELECTOR = Pattern.compile(
            "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

    public DkimSettings {
        selector = selector.strip().toLowerCase(Locale.ROOT);
        if (!SELECTOR.matcher(selector).matches() || selector.length() > 63) {
            throw new IllegalArgumentException("dispatch.mail.dkim.selector must be a DNS label (letters, digits, "
                    + "hyphens), not '" + selector + "'");
        }
        domain = domain.strip().toLowerCase(Locale.ROOT);
    }
}
