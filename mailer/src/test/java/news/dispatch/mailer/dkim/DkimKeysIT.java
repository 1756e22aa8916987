package news.dispatch.mailer.dkim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import news.dispatch.core.testing.ResetsDatabase;
import news.dispatch.mailer.OutboxJourney;
import news.dispatch.mailer.sender.SenderIdentity;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The keys as the nodes of a cluster see them, with the clock in hand: what another node changes in the database
 * signs here within {@link DkimKeys#REFRESH}, what this node changes at once; a second start makes no second key.
 */
@TestPropertySource(properties = {"test.context-name=dkim-keys", "dispatch.mail.dkim.enabled=true",
        "dispatch.mail.from=Dispatch <news@press.example>"})
@ResetsDatabase("dkim_key")
@ExtendWith(OutputCaptureExtension.class)
class DkimKeysIT extends OutboxJourney {

    @Autowired
    DkimKeys keys;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    SenderIdentity sender;

    @BeforeEach
    void firstKey() {
        keys.generateFirstKey();
        keys.reread();
    }

    @Test
    void aKeyActivatedByAnotherNodeSignsHereOnceTheRefreshPeriodHasPassed() {
        assertThat(selectors(keys.signing())).containsExactly("dispatch");
        keys.create("ed2026", "ed25519-sha256");
        assertThat(selectors(keys.signing())).as("published, not signing").containsExactly("dispatch");

        // Another node activates it: only the database changes.
        jdbc.sql("update dkim_key set state = 'ACTIVE', activated_at = current_timestamp where selector = 'ed2026'")
                .update();
        assertThat(selectors(keys.signing())).containsExactly("dispatch");
        clock.advance(DkimKeys.REFRESH.minus(Duration.ofSeconds(1)));
        assertThat(selectors(keys.signing())).containsExactly("dispatch");
        clock.advance(Duration.ofSeconds(1));
        assertThat(selectors(keys.signing())).containsExactly("dispatch", "ed2026");

        keys.retire("ed2026");
        assertThat(selectors(keys.signing())).as("changed here: at once").containsExactly("dispatch");
    }

    /**
     * The signers read the keys read last, and never read them themselves when the period has passed: the node reads
     * them again when it takes its next batch ({@code refresh}). A change made here they read at once.
     */
    @Test
    void signersReadTheKeysReadLastUntilTheNodeReadsThemAgainAndAChangeHereAtOnce() {
        assertThat(selectors(keys.current())).containsExactly("dispatch");
        keys.create("ed2026", "ed25519-sha256");
        jdbc.sql("update dkim_key set state = 'ACTIVE', activated_at = current_timestamp where selector = 'ed2026'")
                .update();
        clock.advance(DkimKeys.REFRESH.multipliedBy(2));
        assertThat(selectors(keys.current())).as("not read in the signers' path").containsExactly("dispatch");

        keys.refresh();
        assertThat(selectors(keys.current())).containsExactly("dispatch", "ed2026");

        keys.retire("ed2026");
        assertThat(selectors(keys.current())).as("changed here: at once").containsExactly("dispatch");
    }

    /** Signers take a new instance for new keys (and make their signatures again): keys read again unchanged are not. */
    @Test
    void keysReadAgainUnchangedAreTheSameInstanceAndChangedOnesANewOne() {
        SigningKeys before = keys.signing();
        clock.advance(DkimKeys.REFRESH.multipliedBy(2));
        assertThat(keys.signing()).isSameAs(before);

        keys.create("ed2026", "ed25519-sha256");
        jdbc.sql("update dkim_key set state = 'ACTIVE', activated_at = current_timestamp where selector = 'ed2026'")
                .update();
        clock.advance(DkimKeys.REFRESH);
        assertThat(keys.signing()).isNotSameAs(before).isNotEqualTo(before);
    }

    /** An operator who turned AWS-LC off reads at start that the JDK signs, as others read that AWS-LC does. */
    @Test
    void aNodeToldToSignWithTheJdkSaysSo(CapturedOutput output) {
        new DkimKeys(jdbc, transaction, clock, new DkimSettings(true, "", "dispatch", "", false), sender);

        assertThat(output).contains("DKIM signs RSA with the JDK (dispatch.mail.dkim.native-rsa=false)");
    }

    @Test
    void aSecondStartOrASecondNodeMakesNoSecondKey() {
        String first = jdbc.sql("select public_key from dkim_key").query(String.class).single();

        keys.generateFirstKey();

        assertThat(jdbc.sql("select public_key from dkim_key").query(String.class).list()).containsExactly(first);
    }

    @Test
    void activatingAKeyRetiresTheOneOfItsAlgorithmOnly() {
        keys.create("ed2026", "ed25519-sha256");
        keys.activate("ed2026");
        keys.create("rsa2027", "rsa-sha256");

        keys.activate("rsa2027");

        assertThat(keys.list()).extracting(key -> key.selector() + " " + key.state())
                .containsExactlyInAnyOrder("rsa2027 ACTIVE", "ed2026 ACTIVE", "dispatch RETIRED");
        assertThat(selectors(keys.signing())).containsExactly("rsa2027", "ed2026");
        assertThatThrownBy(() -> keys.activate("dispatch")).isInstanceOf(RotationRefused.class);
        assertThatThrownBy(() -> keys.retire("nobody")).isInstanceOf(DkimKeyNotFound.class);
    }

    /**
     * A key configured in the settings signs for its algorithm; the stored key of that algorithm stays active in the
     * database, to sign again if the setting goes, and the list says it is set aside rather than that it signs.
     */
    @Test
    void aStoredKeySetAsideByTheConfiguredOneIsListedAsNotSigning() throws Exception {
        keys.create("ed2026", "ed25519-sha256");
        keys.activate("ed2026");
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(rsa.generateKeyPair().getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";

        DkimKeys configured = new DkimKeys(jdbc, transaction, clock,
                new DkimSettings(true, "", "conf2048", pem, true), sender);

        assertThat(configured.list()).extracting(key -> key.selector() + " " + key.state() + " " + key.signs())
                .containsExactlyInAnyOrder("conf2048 ACTIVE true", "ed2026 ACTIVE true", "dispatch ACTIVE false");
        assertThat(selectors(configured.signing())).containsExactlyInAnyOrder("conf2048", "ed2026");
    }

    private static List<String> selectors(SigningKeys signing) {
        return signing.keys().stream().map(SigningKeys.Key::selector).toList();
    }
}
