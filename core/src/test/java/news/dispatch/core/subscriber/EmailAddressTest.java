package news.dispatch.core.subscriber;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import news.dispatch.core.InvalidInput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmailAddressTest {

    @ParameterizedTest
    @ValueSource(strings = {"reader@example.com", "first.last+news@sub.example.co.uk", "o'neil@example.ie",
            "x@xn--mnchen-3ya.de", "UPPER@example.com"})
    void acceptsDeliverableAddresses(String typed) {
        assertThat(EmailAddress.of(typed).value()).isEqualTo(typed);
    }

    @ParameterizedTest
    @ValueSource(strings = {"user@bücher.example", "user@xn--bcher-kva.example", "user@XN--BCHER-KVA.EXAMPLE",
            "user@BÜCHER.example", "user@bu\u0308cher.example", "user@b\u00fccher.example",
            "\uff55\uff53\uff45\uff52\uff20\uff42\uff55\u0308\uff43\uff48\uff45\uff52\uff0e\uff45\uff58\uff41"
                    + "\uff4d\uff50\uff4c\uff45",
            "user@bücher\u3002example", "user@bücher.example "})
    void writesLookAlikeSpellingsOfOneAddressAlike(String typed) {
        assertThat(EmailAddress.of(typed).value()).isEqualTo("user@xn--bcher-kva.example");
    }

    @Test
    void foldsFullwidthAndCompatibilityFormsAndLowerCasesOnlyTheDomain() {
        assertThat(EmailAddress.of("\uff35\uff53\uff45\uff52\uff20\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45"
                + "\uff0e\uff43\uff4f\uff4d").value()).isEqualTo("User@example.com");
        assertThat(EmailAddress.of("Reader@Example.COM").value()).isEqualTo("Reader@example.com");
    }

    @ParameterizedTest
    @ValueSource(strings = {"reader@stra\u00dfe.example", "reader@xn--zz.example", "reader@xn--.example",
            "reader@exa\u200bmple.com", "reader@exa\u00admple.com", "rea\u200bder@example.com",
            "reader@example.com\u0000", "reader@\ue000.example", "jos\u00e9@example.com", "reader@example.com.",
            "reader@exam_ple.com", "reader@\u2488.example", "reader@xn--strae-oqa.example"})
    void refusesWhatHasNoNormalFormWithAMessage(String typed) {
        assertThatThrownBy(() -> EmailAddress.of(typed))
                .isInstanceOf(InvalidInput.class)
                .hasMessageStartingWith("email")
                .extracting(e -> ((InvalidInput) e).field()).isEqualTo("email");
    }


    /** QA met "not a valid address" for renée@…, and read that as a bug: it says why, and what works. */
    @Test
    void aMailboxBeyondAsciiIsRefusedSayingWhy() {
        assertThatThrownBy(() -> EmailAddress.of("ren\u00e9e@example.com")).isInstanceOf(InvalidInput.class)
                .hasMessageContaining("before the @ must be in ASCII").hasMessageContaining("user@bücher.example");
    }

    @Test
    void dropsSurroundingBlanks() {
        assertThat(EmailAddress.of("  reader@example.com\n").value()).isEqualTo("reader@example.com");
    }

    @Test
    void comparesCaseInsensitivelyThroughItsKey() {
        assertThat(EmailAddress.of("Reader@Example.COM").key()).isEqualTo(EmailAddress.of("reader@example.com").key());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "plain", "@example.com", "reader@", "reader@example", "two@@example.com",
            "a b@example.com", "reader@exa mple.com", "dot.@example.com", ".dot@example.com", "a..b@example.com",
            "reader@-example.com", "reader@example.com\r\nBcc: victim@example.com", "<script>@example.com"})
    void rejectsWhatIsNotAnAddress(String typed) {
        assertThatThrownBy(() -> EmailAddress.of(typed))
                .isInstanceOf(InvalidInput.class)
                .extracting(e -> ((InvalidInput) e).field()).isEqualTo("email");
    }

    @Test
    void rejectsAbsentAddress() {
        assertThatThrownBy(() -> EmailAddress.of(null)).isInstanceOf(InvalidInput.class);
    }

    @Test
    void rejectsAddressesLongerThan254Characters() {
        String domain = "d".repeat(60) + "." + "e".repeat(60) + "." + "f".repeat(60) + "." + "g".repeat(60) + ".com";
        String local = "l".repeat(254 - domain.length() - 1);
        assertThat(EmailAddress.of(local + "@" + domain).value()).hasSize(254);
        assertThatThrownBy(() -> EmailAddress.of(local + "x@" + domain))
                .isInstanceOf(InvalidInput.class)
                .hasMessageContaining("at most 254");
    }

    @Test
    void rejectsLocalPartLongerThan64Characters() {
        assertThatThrownBy(() -> EmailAddress.of("l".repeat(65) + "@example.com")).isInstanceOf(InvalidInput.class);
    }

    @Test
    void masksEveryAddressInATextButItsFirstCharacterAndDomain() {
        String reply = "550 5.1.1 <Private.Reader@Example.com>: unknown; also o'neil+x@sub.example.ie, "
                + "not PgConnection@1c35c1dd";

        assertThat(EmailAddress.masked(reply)).isEqualTo(
                "550 5.1.1 <P***@Example.com>: unknown; also o***@sub.example.ie, not PgConnection@1c35c1dd");
        assertThat(EmailAddress.masked(EmailAddress.masked(reply))).isEqualTo(EmailAddress.masked(reply));
        assertThat(EmailAddress.masked("no address here")).isEqualTo("no address here");
        assertThat(EmailAddress.masked(null)).isNull();
    }
}
