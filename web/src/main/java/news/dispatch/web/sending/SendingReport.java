package news.dispatch.web.sending;

import java.util.ArrayList;
import java.util.List;

import news.dispatch.mailer.dkim.DkimKey;
import news.dispatch.mailer.dkim.KeyState;
import org.jspecify.annotations.Nullable;

/**
 * What the admin needs to make Dispatch a sender that mailbox providers trust: who the mail is from, the DNS records
 * to publish and how the bulk-sender rules stand. {@code GET /api/admin/sending} answers it, and the Sending page
 * shows it. Public because the precompiled templates, in another package, read it.
 *
 * @param from       the From of every email
 * @param returnPath the envelope sender (Return-Path), without its per-email tag
 * @param dkim       the signing key, as the contract gives it: the active RSA key first
 * @param keys       every key: the configured one, the active, the ones to publish, the retired
 * @param spf        the SPF record for the return path's domain
 * @param dmarc      the DMARC record to start with
 * @param checks     the bulk-sender rules, with Dispatch's part of each
 */
public record SendingReport(String from, String returnPath, Dkim dkim, List<DkimKey> keys, DnsRecord spf,
                            DnsRecord dmarc, List<Check> checks) {

    /** DNS strings are at most 255 characters: a longer TXT record is published as several, read as one. */
    static final int DNS_STRING = 255;

    public SendingReport {
        keys = List.copyOf(keys);
        checks = List.copyOf(checks);
    }

    /** The keys whose record must be in DNS: all but those retired, whose record may go after a few days. */
    public List<DkimKey> published() {
        return keys.stream().filter(key -> key.state() != KeyState.RETIRED).toList();
    }

    public List<DkimKey> retired() {
        return keys.stream().filter(key -> key.state() == KeyState.RETIRED).toList();
    }

    /** A TXT record as a zone file writes it: quoted strings of at most 255 characters. */
    public static String zoneText(String txt) {
        if (txt == null) {
            return "";
        }
        List<String> strings = new ArrayList<>();
        for (int i = 0; i < txt.length(); i += DNS_STRING) {
            strings.add("\"" + txt.substring(i, Math.min(txt.length(), i + DNS_STRING)) + "\"");
        }
        return String.join(" ", strings);
    }

    /**
     * The signing key.
     *
     * @param enabled   whether mail is signed
     * @param domain    {@code d=}
     * @param selector  {@code s=}
     * @param algorithm {@code rsa-sha256} or {@code ed25519-sha256}
     * @param dnsName   {@code {selector}._domainkey.{domain}}
     * @param dnsTxt    the TXT record to publish there; {@code null} while there is no key yet
     */
    public record Dkim(boolean enabled, String domain, String selector, String algorithm, String dnsName,
                       @Nullable String dnsTxt) {
    }

    /**
     * A DNS record to publish.
     *
     * @param value what to publish; {@code null} when Dispatch cannot say yet ({@link #note()} says why)
     * @param note  what to know before publishing it, or {@code null}
     */
    public record DnsRecord(String name, String type, @Nullable String value, @Nullable String note) {
    }

    /**
     * One bulk-sender rule and how Dispatch's part of it stands.
     *
     * @param status {@code MET}, {@code NOT_MET}, or {@code IN_DNS} where only DNS, which Dispatch does not read, can
     *               meet it
     */
    public record Check(String rule, String status, String detail) {

        static Check of(String rule, boolean met, String detail) {
            return new Check(rule, met ? "MET" : "NOT_MET", detail);
        }

        static Check inDns(String rule, String detail) {
            return new Check(rule, "IN_DNS", detail);
        }
    }
}
