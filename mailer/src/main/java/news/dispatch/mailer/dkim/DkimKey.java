package news.dispatch.mailer.dkim;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A DKIM key as the admin sees it: never its private half.
 *
 * @param selector    {@code s=}, the key's name in DNS
 * @param algorithm   {@code rsa-sha256} or {@code ed25519-sha256}
 * @param bits        the key's size (256 for Ed25519)
 * @param dnsName     where its record is published: {@code {selector}._domainkey.{domain}}
 * @param dnsTxt      the TXT record to publish there, as one string
 * @param configured  given in {@code dispatch.mail.dkim.private-key}: it signs for its algorithm and is not rotated
 *                    from the admin page
 * @param signs       it signs the emails (while DKIM is on): the configured key, or an active one whose algorithm
 *                    has no configured key; a stored key set aside by the configured one stays active in the
 *                    database, to sign again if the setting goes
 */
public record DkimKey(String selector, String algorithm, KeyState state, int bits, String dnsName, String dnsTxt,
                      Instant createdAt, @Nullable Instant activatedAt, @Nullable Instant retiredAt, boolean configured,
                      boolean signs) {
}
