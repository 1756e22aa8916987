package news.dispatch.mailer.sender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SenderIdentityTest {

    private final SenderIdentity sender =
            new SenderIdentity("Dispatch <News@Press.Example>", "bounces@mail.press.example", true);

    @Test
    void idsAndListsNameTheFromDomain() {
        assertThat(sender.domain()).isEqualTo("press.example");
        assertThat(sender.listId("alerts", "Dispatch alerts")).isEqualTo("Dispatch alerts <alerts.press.example>");
    }

    @Test
    void eachEmailReturnsToItsOwnTaggedAddressAndTheTagIsReadBack() {
        assertThat(sender.returnPath("d42.1700000000000")).isEqualTo("bounces+d42.1700000000000@mail.press.example");
        assertThat(sender.tagOf("Bounces+D42.1700000000000@Mail.Press.Example")).contains("d42.1700000000000");
        assertThat(sender.tagOf("bounces@mail.press.example")).isEmpty();
        assertThat(sender.tagOf("bounces+@mail.press.example")).isEmpty();
        assertThat(sender.tagOf("bounces+d42.1@elsewhere.example")).isEmpty();
        assertThat(sender.tagOf("other+d42.1@mail.press.example")).isEmpty();
        assertThat(sender.tagOf(null)).isEmpty();
    }

    @Test
    void untaggedReturnPathsForMailboxesThatRefusePlusAddresses() {
        SenderIdentity plain = new SenderIdentity("news@press.example", "bounces@press.example", false);

        assertThat(plain.returnPath("d42.1")).isEqualTo("bounces@press.example");
    }

    @Test
    void withoutABouncesAddressMailReturnsToTheFromAddress() {
        SenderIdentity plain = new SenderIdentity("Dispatch <news@press.example>", "", true);

        assertThat(plain.returnPath()).isEqualTo("news@press.example");
        assertThat(plain.returnPath("d1.2")).isEqualTo("news+d1.2@press.example");
    }

    @Test
    void theMailtoUnsubscribeNamesTheReadersLinkInItsSubject() {
        assertThat(sender.unsubscribeMailto("abc_-9"))
                .isEqualTo("mailto:bounces@mail.press.example?subject=unsubscribe%20abc_-9");
    }

    @Test
    void alignmentIsDmarcsRelaxedOne() {
        assertThat(sender.returnPathAligned()).isTrue();
        assertThat(sender.aligned("press.example")).isTrue();
        assertThat(sender.aligned("elsewhere.example")).isFalse();
        assertThat(sender.aligned("notpress.example")).isFalse();
        assertThat(sender.aligned("example")).as("a bare suffix").isFalse();
        assertThat(new SenderIdentity("news@press.example", "bounces@esp.example", true).returnPathAligned())
                .isFalse();
    }

    @Test
    void anAddressWithoutADomainIsRefusedAtStartUp() {
        assertThatThrownBy(() -> new SenderIdentity("news@press.example", "bounces", true))
                .hasMessageContaining("dispatch.bounces.address");
    }
}
