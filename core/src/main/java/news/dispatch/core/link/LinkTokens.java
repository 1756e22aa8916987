package news.dispatch.core.link;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Makes the tokens that stand for a reader in links. Preference and unsubscribe tokens are an HMAC of the
 * purpose, the reader's id and their link generation under a server secret: the same for every email until
 * revoked, yet unguessable, and only their SHA-256 is stored. Confirmation tokens are 256 random bits.
 */
public final class LinkTokens {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final SecretKeySpec key;
    /**
     * A keyed MAC per thread, kept: every email needs two tokens, and looking the algorithm up and keying it cost
     * more than the HMAC itself. {@code doFinal} leaves it ready for the next one.
     */
    private final ThreadLocal<Mac> macs;

    public LinkTokens(byte[] secret) {
        if (secret.length < 16) {
            throw new IllegalArgumentException("the link secret must have at least 128 bits");
        }
        this.key = new SecretKeySpec(secret, "HmacSHA256");
        this.macs = ThreadLocal.withInitial(this::mac);
    }

    public String token(LinkPurpose purpose, long subscriberId, int generation) {
        byte[] digest = macs.get().doFinal((purpose.name() + ':' + subscriberId + ':' + generation)
                .getBytes(StandardCharsets.UTF_8));
        return BASE64URL.encodeToString(digest);
    }

    /**
     * A short keyed mark of a text Dispatch writes into its own mail ({@code Message-ID}, the return path's tag), so
     * that what comes back quoting it can be told from a forgery: 64 bits of an HMAC, in hex. Its domain is set apart
     * from links' tokens, so a mark never opens a link.
     */
    public String mark(String text) {
        byte[] digest = macs.get().doFinal(("MAIL:" + text).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest, 0, 8);
    }

    /**
     * What a consent keeps of the client's address: an HMAC under the node's links secret, in hex, so that it ties
     * two consents from one client together and cannot be worked back to the address by trying all 2^32 of IPv4, as
     * a plain SHA-256 could (a privacy QA, 7 December 2026). Its domain is set apart from links' tokens and marks.
     */
    public String pseudonym(String clientAddress) {
        return HexFormat.of().formatHex(macs.get().doFinal(("CLIENT:" + clientAddress)
                .getBytes(StandardCharsets.UTF_8)));
    }

    private Mac mac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    public static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return BASE64URL.encodeToString(bytes);
    }

    /** What is stored instead of a token: its SHA-256, hex. */
    public static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** A token as it may arrive from a link: base64url and of a sane length; anything else finds nobody. */
    public static boolean wellFormed(String token) {
        return token != null && token.length() >= 20 && token.length() <= 100
                && token.chars().allMatch(c -> Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '_');
    }
}
