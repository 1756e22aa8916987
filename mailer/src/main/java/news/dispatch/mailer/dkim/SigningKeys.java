package news.dispatch.mailer.dkim;

import java.security.PrivateKey;
import java.util.List;

/**
 * The keys that sign now, for one signing domain: what a {@link DkimSigner} reads before each message. A new instance
 * means the keys changed.
 *
 * @param domain the signing domain, {@code d=}
 * @param keys   one per active selector; empty signs nothing
 */
public record SigningKeys(String domain, List<Key> keys) {

    /** Nothing signs: DKIM is off, or no key is active. */
    public static final SigningKeys NONE = new SigningKeys("", List.of());

    public SigningKeys {
        keys = List.copyOf(keys);
    }

    /**
     * One signing key.
     *
     * @param selector {@code s=}
     */
    public record Key(String selector, DkimAlgorithm algorithm, PrivateKey privateKey) {
    }
}
