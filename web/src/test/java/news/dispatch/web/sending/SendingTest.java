package news.dispatch.web.sending;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import news.dispatch.core.SiteSettings;
import news.dispatch.mailer.bounce.BounceMailbox;
import news.dispatch.mailer.dkim.DkimKeys;
import news.dispatch.mailer.sender.SenderIdentity;
import news.dispatch.mailer.smtp.MailRoute;
import news.dispatch.web.sending.SendingReport.Check;

import org.junit.jupiter.api.Test;

/**
 * The checklist a postmaster reads, as a relay in production sets it: from a QA of 7 December, which found it saying
 * "MET" where mailbox providers would disagree.
 */
class SendingTest {

    private static final MailRoute PRIVATE_RELAY = new MailRoute("10.0.3.7", 25, null, null, Map.of(), false);

    @Test
    void aMailtoNoMailboxReadsIsNotMet() {
        SendingReport report = report("https://news.example.org", "bounces@news.example.org", false, PRIVATE_RELAY);

        assertThat(check(report, "Unsubscribe by mail (mailto)")).satisfies(check -> {
            assertThat(check.status()).isEqualTo("NOT_MET");
            assertThat(check.detail()).contains("no mailbox is read", "dispatch.bounces.mailbox");
        });
        assertThat(check(report("https://news.example.org", "bounces@news.example.org", true, PRIVATE_RELAY),
                "Unsubscribe by mail (mailto)").status()).isEqualTo("MET");
    }

    @Test
    void aMailtoWhoseMailboxCannotBeReadIsNotMet() {
        BounceMailbox down = mock(BounceMailbox.class);
        when(down.configured()).thenReturn(true);
        when(down.lastRead()).thenReturn(Optional.of(new BounceMailbox.MailboxRead("imap://127.0.0.1:19899/INBOX",
                Instant.now(), 0, 0, "Connection refused")));

        Check mailto = check(report("https://news.example.org", "bounces@news.example.org", down, PRIVATE_RELAY),
                "Unsubscribe by mail (mailto)");

        assertThat(mailto.status()).isEqualTo("NOT_MET");
        assertThat(mailto.detail()).contains("the last read of its mailbox failed (Connection refused)");
    }

    @Test
    void aOneClickLinkOverHttpIsNotMet() {
        Check oneClick = check(report("http://news.example.org", "bounces@news.example.org", true, PRIVATE_RELAY),
                "One-click unsubscribe (RFC 8058), signed");

        assertThat(oneClick.status()).isEqualTo("NOT_MET");
        assertThat(oneClick.detail()).contains("http://news.example.org", "https", "dispatch.base-url");
    }

    @Test
    void aReturnPathThatOutgrowsSixtyFourCharactersWithItsTagIsNotMet() {
        String tooLong = "newsletter-bounces-department-mailer@news.example.org";
        Check fits = check(report("https://news.example.org", tooLong, true, PRIVATE_RELAY),
                "Return path within 64 characters");

        assertThat(fits.status()).isEqualTo("NOT_MET");
        assertThat(fits.detail()).contains("at most 21 characters", "bounces@news.example.org");
        assertThat(check(report("https://news.example.org", "x".repeat(21) + "@news.example.org", true,
                PRIVATE_RELAY), "Return path within 64 characters").status()).isEqualTo("MET");
    }

    @Test
    void aRelayOnAPrivateAddressIsNotOfferedAsTheSpfSource() {
        for (String host : List.of("127.0.0.1", "localhost", "10.0.3.7", "192.168.1.20", "172.20.0.2")) {
            SendingReport report = report("https://news.example.org", "bounces@news.example.org", true,
                    new MailRoute(host, 25, null, null, Map.of(), false));
            assertThat(report.spf().value()).as(host).isEqualTo("v=spf1 ip4:<the relay's public address> ~all");
        }
        assertThat(report("https://news.example.org", "bounces@news.example.org", true,
                new MailRoute("203.0.113.9", 25, null, null, Map.of(), false)).spf().value())
                .isEqualTo("v=spf1 ip4:203.0.113.9 ~all");
    }

    @Test
    void dmarcReportsToAnotherDomainSayWhatThatDomainPublishes() {
        assertThat(report("https://news.example.org", "dmarc@reports.example.net", true, PRIVATE_RELAY).dmarc()
                .note()).contains("publish \"v=DMARC1\" at news.example.org._report._dmarc.reports.example.net");
        assertThat(report("https://news.example.org", "bounces@news.example.org", true, PRIVATE_RELAY).dmarc()
                .note()).doesNotContain("_report._dmarc");
    }

    private static SendingReport report(String baseUrl, String bounces, boolean mailboxRead, MailRoute route) {
        BounceMailbox mailbox = mock(BounceMailbox.class);
        when(mailbox.configured()).thenReturn(mailboxRead);
        return report(baseUrl, bounces, mailbox, route);
    }

    private static SendingReport report(String baseUrl, String bounces, BounceMailbox mailbox, MailRoute route) {
        DkimKeys keys = mock(DkimKeys.class);
        when(keys.list()).thenReturn(List.of());
        when(keys.domain()).thenReturn("news.example.org");
        when(keys.selector()).thenReturn("dispatch");
        return new Sending(new SenderIdentity("Newsroom <news@news.example.org>", bounces, true), keys, route, mailbox,
                new SiteSettings(URI.create(baseUrl), null)).report();
    }

    private static Check check(SendingReport report, String rule) {
        return report.checks().stream().filter(check -> check.rule().equals(rule)).findFirst().orElseThrow();
    }
}
