package news.dispatch.mailer.dkim;

import java.util.Locale;

import news.dispatch.core.InvalidInput;

/** The signing algorithms Dispatch offers, as DKIM names them ({@code a=}) and as their DNS record names the key. */
public enum DkimAlgorithm {

    /** RFC 6376's own, with an RSA key of 2048 bits or more: what every verifier reads. */
    RSA_SHA256("rsa-sha256", "RSA", "rsa"),
    /** RFC 8463: small keys and fast signatures, read by fewer verifiers, so it signs next to an RSA key. */
    ED25519_SHA256("ed25519-sha256", "Ed25519", "ed25519");

    private final String tag;
    private final String jdkName;
    private final String keyType;

    DkimAlgorithm(String tag, String jdkName, String keyType) {
        this.tag = tag;
        this.jdkName = jdkName;
        this.keyType = keyType;
    }

    /** As {@code a=} names it: {@code rsa-sha256}, {@code ed25519-sha256}. */
    public String tag() {
        return tag;
    }

    /** The JDK's name for its keys. */
    String jdkName() {
        return jdkName;
    }

    /** As the DNS record's {@code k=} names the key: {@code rsa}, {@code ed25519}. */
    public String keyType() {
        return keyType;
    }

    /** The algorithm an admin or a stored row names, by its {@code a=} tag. */
    public static DkimAlgorithm of(String tag) {
        String wanted = tag == null ? "" : tag.strip().toLowerCase(Locale.ROOT);
        for (DkimAlgorithm algorithm : values()) {
            if (algorithm.tag.equals(wanted)) {
                return algorithm;
            }
        }
        throw new InvalidInput("algorithm", "algorithm must be rsa-sha256 or ed25519-sha256");
    }
}
