package news.dispatch.web.sending;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import news.dispatch.core.SiteSettings;
import news.dispatch.mailer.bounce.BounceMailbox;
import news.dispatch.mailer.dkim.DkimAlgorithm;
import news.dispatch.mailer.dkim.DkimKey;
import news.dispatch.mailer.dkim.DkimKeys;
import news.dispatch.mailer.dkim.KeyState;
import news.dispatch.mailer.sender.SenderIdentity;
import news.dispatch.mailer.smtp.MailRoute;
import news.dispatch.web.sending.SendingReport.Check;
import news.dispatch.web.sending.SendingReport.Dkim;
import news.dispatch.web.sending.SendingReport.DnsRecord;

import org.springframework.stereotype.Component;

/**
 * Works out the Sending report from the configuration and the keys, without the network: DNS is not read, so what
 * only DNS can meet is said to be the admin's part.
 */
@Component
class Sending {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    /** Addresses no receiving server sees mail come from: this machine's, and private networks' (RFC 1918). */
    private static final Pattern NOT_PUBLIC = Pattern.compile(
            "localhost|127\\..*|\\[?::1]?|10\\..*|192\\.168\\..*|172\\.(1[6-9]|2\\d|3[01])\\..*");

    private final SenderIdentity sender;
    private final DkimKeys keys;
    private final MailRoute route;
    private final BounceMailbox bounces;
    private final SiteSettings site;

    Sending(SenderIdentity sender, DkimKeys keys, MailRoute route, BounceMailbox bounces, SiteSettings site) {
        this.sender = sender;
        this.keys = keys;
        this.route = route;
        this.bounces = bounces;
        this.site = site;
    }

    SendingReport report() {
        List<DkimKey> all = keys.list();
        // The contract's one key: the active RSA key, which every verifier reads, before an Ed25519 one.
        DkimKey signing = all.stream().filter(key -> key.state() == KeyState.ACTIVE)
                .min(Comparator.comparing(key -> DkimAlgorithm.of(key.algorithm()))).orElse(null);
        DkimKey shown = signing != null ? signing
                : all.stream().filter(key -> key.state() == KeyState.PUBLISH).findFirst().orElse(null);
        Dkim dkim = shown == null
                ? new Dkim(keys.enabled(), keys.domain(), keys.selector(), DkimAlgorithm.RSA_SHA256.tag(),
                        keys.selector() + "._domainkey." + keys.domain(), null)
                : new Dkim(keys.enabled(), keys.domain(), shown.selector(), shown.algorithm(), shown.dnsName(),
                        shown.dnsTxt());
        return new SendingReport(sender.from().toUnicodeString(), sender.returnPath(), dkim, all, spf(), dmarc(),
                checks(all, signing));
    }

    /** SPF is checked against the envelope sender's domain, so it is published there. */
    private DnsRecord spf() {
        String name = domainOf(sender.returnPath());
        if (route.sandbox()) {
            return new DnsRecord(name, "TXT", null, "Mail goes to the sandbox inside the app, not out: set "
                    + "spring.mail.host to your relay, and this page says what to publish for it.");
        }
        String host = route.host().toLowerCase(Locale.ROOT);
        // A relay on this machine or a private network sends from another address: 127.0.0.1 was once offered.
        if (NOT_PUBLIC.matcher(host).matches()) {
            return new DnsRecord(name, "TXT", "v=spf1 ip4:<the relay's public address> ~all", "The relay is at "
                    + host + ", an address no receiving server sees: name the public address it sends from.");
        }
        if (IPV4.matcher(host).matches()) {
            return new DnsRecord(name, "TXT", "v=spf1 ip4:" + host + " ~all", null);
        }
        if (host.contains(":")) {
            return new DnsRecord(name, "TXT", "v=spf1 ip6:" + host.replaceAll("[\\[\\]]", "") + " ~all", null);
        }
        return new DnsRecord(name, "TXT", "v=spf1 a:" + host + " ~all", "If " + host + " is a mail provider's, "
                + "publish your relay's SPF include (such as include:spf.provider.example, from its documentation) "
                + "instead of a:" + host + ": a provider sends from more addresses than its name has.");
    }

    /**
     * Reports only, to start: once they show every source aligned, move on to p=quarantine. Reports sent to another
     * domain than the one they are about are sent only where that domain says it takes them (RFC 7489, 7.1).
     */
    private DnsRecord dmarc() {
        String reports = domainOf(sender.returnPath());
        return new DnsRecord("_dmarc." + sender.domain(), "TXT", "v=DMARC1; p=none; rua=mailto:" + sender.returnPath(),
                "Start with p=none and read the reports; tighten to p=quarantine, then p=reject, once every "
                        + "source of your mail passes." + (sender.aligned(reports) ? ""
                        : " The reports go to " + reports + ", another domain, which must say it takes them: publish "
                        + "\"v=DMARC1\" at " + sender.domain() + "._report._dmarc." + reports + "."));
    }

    private List<Check> checks(List<DkimKey> all, DkimKey signing) {
        boolean signs = keys.enabled() && signing != null;
        List<Check> checks = new ArrayList<>();
        checks.add(route.sandbox()
                ? Check.of("SPF", false, "Mail goes to the sandbox; set spring.mail.host to your relay.")
                : Check.inDns("SPF", "Publish the SPF record above at " + domainOf(sender.returnPath())
                        + "; Dispatch does not read DNS to check it."));
        // Ed25519 (RFC 8463) is not verified everywhere yet: mail signed with it alone is unsigned to many providers.
        boolean rsaSigns = signs && signing.algorithm().equals(DkimAlgorithm.RSA_SHA256.tag());
        checks.add(Check.of("DKIM signature", rsaSigns, !keys.enabled()
                ? "DKIM is off: set dispatch.mail.dkim.enabled=true."
                : signing == null ? "No key signs: activate one below."
                : !rsaSigns ? "Only Ed25519 signs (selector " + signing.selector() + "), which many mailbox providers "
                        + "do not verify yet: to them the mail is unsigned. Make an RSA key below and activate it; "
                        + "both sign."
                : "Every email is signed (" + all.stream().filter(key -> key.state() == KeyState.ACTIVE && key.signs())
                        .sorted(Comparator.comparing(key -> DkimAlgorithm.of(key.algorithm())))
                        .map(key -> key.algorithm() + ", selector " + key.selector())
                        .collect(Collectors.joining("; ")) + ")."));
        boolean aligned = sender.aligned(keys.domain());
        checks.add(Check.of("DKIM aligned with From", signs && aligned, !aligned
                ? "d=" + keys.domain() + " is not the From domain " + sender.domain() + " nor a part of it: DMARC "
                        + "will not count the signature."
                : signs ? "d=" + keys.domain() + " aligns with the From domain " + sender.domain() + "."
                : "d=" + keys.domain() + " would align with the From domain " + sender.domain()
                        + ", but nothing is signed yet (see above)."));
        checks.add(Check.inDns("DMARC published", "Publish the DMARC record above at _dmarc." + sender.domain()
                + "; Dispatch does not read DNS to check it."));
        boolean https = "https".equalsIgnoreCase(site.baseUrl().getScheme());
        checks.add(Check.of("One-click unsubscribe (RFC 8058), signed", signs && https, !https
                ? "Links in mail start with " + site.baseUrl() + ": RFC 8058 asks for an https link, and providers "
                        + "ignore any other; set dispatch.base-url to the https address readers reach."
                : signs ? "Mail to readers carries List-Unsubscribe and List-Unsubscribe-Post, both signed."
                : "Mail to readers carries List-Unsubscribe and List-Unsubscribe-Post, but unsigned: providers "
                        + "ignore them."));
        String failedRead = bounces.lastRead().map(BounceMailbox.MailboxRead::error).orElse(null);
        checks.add(Check.of("Unsubscribe by mail (mailto)", bounces.configured() && failedRead == null,
                !bounces.configured()
                ? "List-Unsubscribe names mailto:" + sender.returnPath() + ", as every email does, but no mailbox is "
                        + "read: readers who unsubscribe by mail keep getting it, and bounces and complaints are not "
                        + "heard. Set dispatch.bounces.mailbox to the mailbox that receives " + sender.returnPath()
                        + "."
                : failedRead != null ? "List-Unsubscribe names mailto:" + sender.returnPath() + ", but the last read "
                        + "of its mailbox failed (" + failedRead + "): see What came back."
                : "List-Unsubscribe names mailto:" + sender.returnPath() + " with a subject that names the reader, "
                        + "and that mailbox is read."));
        checks.add(Check.of("Return path aligned with From", sender.returnPathAligned(), sender.returnPathAligned()
                ? "Bounces go to " + sender.returnPath() + ", on the From domain."
                : sender.returnPath() + " is not on the From domain " + sender.domain() + " nor a part of it: set "
                        + "dispatch.bounces.address to an address there. (Two parts of one domain, such as "
                        + "bounce.example.org and news.example.org, align for DMARC too; telling them from two "
                        + "domains under one suffix such as co.uk takes the public suffix list, which Dispatch has "
                        + "not.)"));
        checks.add(Check.of("Return path within 64 characters", sender.returnPathFits(), sender.returnPathFits()
                ? "With each email's tag, the part before the @ keeps within RFC 5321's 64 characters."
                : "With each email's tag the part before the @ outgrows RFC 5321's 64 characters, and servers that "
                        + "hold to it refuse the mail: give dispatch.bounces.address a part before the @ of at most "
                        + sender.longestReturnLocal() + " characters, such as bounces@" + domainOf(sender.returnPath())
                        + "."));
        List<DkimKey> rsa = all.stream().filter(key -> key.state() == KeyState.ACTIVE
                && key.algorithm().equals(DkimAlgorithm.RSA_SHA256.tag())).toList();
        boolean strong = signing != null && rsa.stream().allMatch(key -> key.bits() >= 2048);
        checks.add(Check.of("Keys of 2048 bits or more", strong, signing == null ? "No key signs yet."
                : strong ? "Every active RSA key has at least 2048 bits."
                : "An active RSA key is shorter than 2048 bits: rotate it."));
        checks.add(Check.of("TLS to the relay", tls(), route.sandbox() ? "The sandbox is inside the app."
                : tls() ? "The connection to " + route.host() + " is encrypted."
                : "Set spring.mail.properties.mail.smtp.starttls.required=true (or use port 465 with "
                        + "mail.smtp.ssl.enable=true)."));
        return checks;
    }

    private boolean tls() {
        return !route.sandbox() && ("true".equalsIgnoreCase(route.properties().get("mail.smtp.starttls.required"))
                || "true".equalsIgnoreCase(route.properties().get("mail.smtp.starttls.enable"))
                || "true".equalsIgnoreCase(route.properties().get("mail.smtp.ssl.enable")));
    }

    private static String domainOf(String address) {
        return address.substring(address.lastIndexOf('@') + 1);
    }
}
