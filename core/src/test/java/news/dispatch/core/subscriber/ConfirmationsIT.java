package news.dispatch.core.subscriber;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import news.dispatch.core.CoreTestApplication;
import news.dispatch.core.link.LinkTokens;
import news.dispatch.core.subscriber.Confirmations.Confirmation;
import news.dispatch.core.tag.Tag;
import news.dispatch.core.testing.ResetsDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

@SpringBootTest(classes = CoreTestApplication.class)
@ResetsDatabase("subscriber")
class ConfirmationsIT {

    private static final Instant NOW = Instant.parse("2025-11-29T12:00:00Z");
    private static final Instant NEXT_WEEK = NOW.plus(Duration.ofDays(7));

    @Autowired
    Confirmations confirmations;

    @Autowired
    Subscribers subscribers;

    @Autowired
    JdbcClient jdbc;

    Subscriber reader;

    @BeforeEach
    void setUp() {
        reader = subscribers.add(EmailAddress.of("pending@example.com"), new Preferences(List.of(Tag.of("#Aviation")),
                Frequency.DAILY, ZoneId.of("UTC"), 7, true), SubscriberStatus.PENDING);
    }

    @Test
    void keepsOnlyTheHashOfA256BitToken() {
        String token = confirmations.issue(reader, NOW, NEXT_WEEK);

        assertThat(token).hasSize(43).matches("[A-Za-z0-9_-]+");
        assertThat(jdbc.sql("select token_hash from confirmation").query(String.class).single())
                .isEqualTo(LinkTokens.hash(token)).doesNotContain(token);
        assertThat(confirmations.find(token, NOW)).contains(new Confirmation(reader.id(), false, true));
    }

    @Test
    void aLinkConfirmsOnceAndSpendsTheReadersOtherLinks() {
        String first = confirmations.issue(reader, NOW, NEXT_WEEK);
        String resent = confirmations.issue(reader, NOW.plusSeconds(60), NEXT_WEEK);

        assertThat(confirmations.redeem(resent, NOW.plusSeconds(120)))
                .contains(new Confirmation(reader.id(), false, true));

        assertThat(confirmations.redeem(resent, NOW.plusSeconds(180)))
                .contains(new Confirmation(reader.id(), true, true));
        assertThat(confirmations.redeem(first, NOW.plusSeconds(180))).as("spent, and of the same sign-up")
                .contains(new Confirmation(reader.id(), true, true));
        assertThat(confirmations.find(first, NOW.plusSeconds(180)))
                .contains(new Confirmation(reader.id(), true, true));
    }

    @Test
    void aNewLinkSpendsTheOlderOnesSoOnlyTheNewestConfirms() {
        String first = confirmations.issue(reader, NOW, NEXT_WEEK);
        String second = confirmations.issue(reader, NOW.plusSeconds(60), NEXT_WEEK);

        assertThat(confirmations.find(first, NOW.plusSeconds(90))).contains(new Confirmation(reader.id(), true, true));
        assertThat(confirmations.redeem(first, NOW.plusSeconds(90)))
                .contains(new Confirmation(reader.id(), true, true));
        assertThat(confirmations.redeem(second, NOW.plusSeconds(120)))
                .contains(new Confirmation(reader.id(), false, true));
        assertThat(confirmations.issuedSince(reader, NOW)).isEqualTo(2);
    }

    @Test
    void aLinkThatConfirmedASignUpBeforeTheReaderLeftIsNotOfTheirNextOne() {
        String first = confirmations.issue(reader, NOW, NEXT_WEEK);
        assertThat(confirmations.redeem(first, NOW.plusSeconds(60))).contains(new Confirmation(reader.id(), false,
                true));

        String again = confirmations.issue(reader, NOW.plus(Duration.ofDays(1)), NEXT_WEEK);

        assertThat(confirmations.find(first, NOW.plus(Duration.ofDays(1))))
                .contains(new Confirmation(reader.id(), true, false));
        assertThat(confirmations.redeem(again, NOW.plus(Duration.ofDays(1)).plusSeconds(60)))
                .contains(new Confirmation(reader.id(), false, true));
        assertThat(confirmations.find(first, NOW.plus(Duration.ofDays(2))))
                .contains(new Confirmation(reader.id(), true, false));
    }

    @Test
    void anExpiredOrUnknownLinkFindsNobody() {
        String token = confirmations.issue(reader, NOW, NEXT_WEEK);

        assertThat(confirmations.find(token, NEXT_WEEK)).isEmpty();
        assertThat(confirmations.redeem(token, NEXT_WEEK.plusSeconds(1))).isEmpty();
        assertThat(confirmations.redeem(LinkTokens.random(), NOW)).isEmpty();
        assertThat(confirmations.redeem(token.substring(1), NOW)).isEmpty();
        assertThat(confirmations.find("' or 1=1 --", NOW)).isEmpty();
        assertThat(confirmations.find(null, NOW)).isEmpty();
    }

    @Test
    void countsTheLinksIssuedLately() {
        confirmations.issue(reader, NOW.minus(Duration.ofMinutes(90)), NEXT_WEEK);
        confirmations.issue(reader, NOW.minus(Duration.ofMinutes(30)), NEXT_WEEK);
        confirmations.issue(reader, NOW, NEXT_WEEK);

        assertThat(confirmations.issuedSince(reader, NOW.minus(Duration.ofHours(1)))).isEqualTo(2);
    }

    @Test
    void deletesExpiredLinksAndLinksOfDeletedReaders() {
        confirmations.issue(reader, NOW, NOW.plusSeconds(60));
        String open = confirmations.issue(reader, NOW, NEXT_WEEK);

        assertThat(confirmations.deleteExpired(NOW.plusSeconds(60))).isEqualTo(1);
        assertThat(confirmations.find(open, NOW.plusSeconds(60))).isPresent();

        jdbc.sql("delete from subscriber where id = ?").param(reader.id()).update();
        assertThat(jdbc.sql("select count(*) from confirmation").query(Long.class).single()).isZero();
    }
}
