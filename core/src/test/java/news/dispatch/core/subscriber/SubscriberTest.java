package news.dispatch.core.subscriber;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import news.dispatch.core.InvalidInput;
import news.dispatch.core.tag.Tag;
import org.junit.jupiter.api.Test;

class SubscriberTest {

    private static final Instant CREATED = Instant.parse("2025-11-27T11:44:00Z");
    private static final Instant LATER = CREATED.plusSeconds(3600);
    private static final Preferences AVIATION = new Preferences(List.of(Tag.of("#Aviation")), Frequency.DAILY,
            ZoneId.of("Europe/Berlin"), 7, true);

    private static Subscriber reader(SubscriberStatus status, Instant confirmedAt) {
        return new Subscriber(1, EmailAddress.of("reader@example.com"), status, AVIATION, CREATED, confirmedAt, 0);
    }

    @Test
    void confirmingMakesAPendingReaderActive() {
        Subscriber confirmed = reader(SubscriberStatus.PENDING, null).confirm(LATER);
        assertThat(confirmed.status()).isEqualTo(SubscriberStatus.ACTIVE);
        assertThat(confirmed.confirmedAt()).isEqualTo(LATER);
        assertThat(confirmed.receivesMail()).isTrue();
    }

    @Test
    void confirmingTwiceKeepsTheFirstConfirmation() {
        Subscriber active = reader(SubscriberStatus.ACTIVE, CREATED);
        assertThat(active.confirm(LATER)).isSameAs(active);
    }

    @Test
    void aReaderWhoLeftCannotBeConfirmedBackIn() {
        assertThatThrownBy(() -> reader(SubscriberStatus.UNSUBSCRIBED, CREATED).confirm(LATER))
                .isInstanceOf(TransitionNotAllowed.class)
                .hasMessage("cannot confirm a subscriber who is UNSUBSCRIBED");
        assertThatThrownBy(() -> reader(SubscriberStatus.SUSPENDED, CREATED).confirm(LATER))
                .isInstanceOf(TransitionNotAllowed.class);
    }

    @Test
    void unsubscribingWorksFromEveryStatusAndRepeatsHarmlessly() {
        for (SubscriberStatus status : SubscriberStatus.values()) {
            Subscriber left = reader(status, CREATED).unsubscribe();
            assertThat(left.status()).isEqualTo(SubscriberStatus.UNSUBSCRIBED);
            assertThat(left.unsubscribe()).isSameAs(left);
            assertThat(left.receivesMail()).isFalse();
        }
    }

    @Test
    void suspendingStopsMailAndReactivatingRestoresIt() {
        Subscriber suspended = reader(SubscriberStatus.ACTIVE, CREATED).suspend();
        assertThat(suspended.status()).isEqualTo(SubscriberStatus.SUSPENDED);
        assertThat(suspended.receivesMail()).isFalse();
        assertThat(suspended.reactivate().status()).isEqualTo(SubscriberStatus.ACTIVE);
    }

    @Test
    void reactivatingAReaderWhoNeverConfirmedWaitsForConfirmation() {
        assertThat(reader(SubscriberStatus.PENDING, null).suspend().reactivate().status())
                .isEqualTo(SubscriberStatus.PENDING);
    }

    @Test
    void aReaderWhoLeftCannotBeSuspendedOrReactivatedByAnAdmin() {
        Subscriber left = reader(SubscriberStatus.UNSUBSCRIBED, CREATED);
        assertThatThrownBy(left::suspend).isInstanceOf(TransitionNotAllowed.class);
        assertThatThrownBy(left::reactivate).isInstanceOf(TransitionNotAllowed.class);
    }

    @Test
    void aReaderWhoLeftMayRejoinButMustConfirmAgain() {
        Subscriber rejoined = reader(SubscriberStatus.UNSUBSCRIBED, CREATED).rejoin(AVIATION);
        assertThat(rejoined.status()).isEqualTo(SubscriberStatus.PENDING);
        assertThat(rejoined.confirmedAt()).isNull();
        assertThat(rejoined.linkGeneration()).as("a new subscription, new links").isEqualTo(1);
        assertThatThrownBy(() -> reader(SubscriberStatus.ACTIVE, CREATED).rejoin(AVIATION))
                .isInstanceOf(TransitionNotAllowed.class);
    }

    @Test
    void anEarlierSubscriptionsUnsubscribeLinkEndsThePresentOneOnceConfirmedAndNeverASignUpThatWaits() {
        assertThat(reader(SubscriberStatus.ACTIVE, CREATED).seenThroughAnEarlierLink().status())
                .isEqualTo(SubscriberStatus.ACTIVE);
        assertThat(reader(SubscriberStatus.SUSPENDED, CREATED).seenThroughAnEarlierLink().status())
                .isEqualTo(SubscriberStatus.SUSPENDED);
        assertThat(reader(SubscriberStatus.UNSUBSCRIBED, CREATED).rejoin(AVIATION).seenThroughAnEarlierLink().status())
                .as("the link's own subscription has ended; the new sign-up is not the link's")
                .isEqualTo(SubscriberStatus.UNSUBSCRIBED);
    }

    @Test
    void preferencesRefuseWhatCannotBeDelivered() {
        List<Tag> one = List.of(Tag.of("a"));
        ZoneId utc = ZoneId.of("UTC");
        assertThatThrownBy(() -> new Preferences(List.of(), Frequency.DAILY, utc, 7, true))
                .isInstanceOf(InvalidInput.class).hasMessage("follow at least one tag");
        assertThatThrownBy(() -> new Preferences(one, Frequency.DAILY, utc, 24, true))
                .isInstanceOf(InvalidInput.class).hasMessage("sendHour must be between 0 and 23");
        assertThatThrownBy(() -> new Preferences(one, Frequency.DAILY, utc, -1, true))
                .isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> new Preferences(one, null, utc, 7, true))
                .isInstanceOf(InvalidInput.class).extracting(e -> ((InvalidInput) e).field()).isEqualTo("frequency");
        List<Tag> tooMany = java.util.stream.IntStream.range(0, 51).mapToObj(i -> Tag.of("t" + i)).toList();
        assertThatThrownBy(() -> new Preferences(tooMany, Frequency.DAILY, utc, 7, true))
                .isInstanceOf(InvalidInput.class).hasMessage("follow at most 50 tags");
        assertThatThrownBy(() -> Preferences.zone("Mars/Olympus"))
                .isInstanceOf(InvalidInput.class).extracting(e -> ((InvalidInput) e).field()).isEqualTo("timezone");
    }

    @Test
    void aZoneIsReadInAnyCaseAsItsIanaName() {
        assertThat(Preferences.zone("europe/berlin")).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(Preferences.zone(" AMERICA/NEW_YORK ")).isEqualTo(ZoneId.of("America/New_York"));
        assertThat(Preferences.zone("Asia/Kolkata")).isEqualTo(ZoneId.of("Asia/Kolkata"));
        assertThat(Preferences.zone("utc")).isEqualTo(ZoneId.of("UTC"));
        assertThatThrownBy(() -> Preferences.zone("america/kolkata")).isInstanceOf(InvalidInput.class);
    }

    /** Kept as an IANA name or a plain offset, which IANA libraries (Python's zoneinfo) read back, or refused. */
    @Test
    void aZoneJavaReadsButNoIanaLibraryDoesIsKeptInAFormTheyReadOrRefused() {
        assertThat(Preferences.zone("+05:30")).hasToString("+05:30");
        assertThat(Preferences.zone("UTC+05:30")).hasToString("+05:30");
        assertThat(Preferences.zone("GMT+5")).hasToString("+05:00");
        assertThat(Preferences.zone("Z")).hasToString("UTC");
        assertThat(Preferences.zone("+00:00")).hasToString("UTC");
        assertThat(Preferences.zone("Africa/Abidjan")).as("a region keeps its name").hasToString("Africa/Abidjan");
        assertThat(Preferences.zone("Etc/GMT+5")).hasToString("Etc/GMT+5");
        assertThatThrownBy(() -> Preferences.zone("SystemV/EST5")).isInstanceOf(InvalidInput.class)
                .hasMessage("timezone must be an IANA time zone such as Europe/Berlin");
        assertThatThrownBy(() -> Preferences.zone("-18:00")).isInstanceOf(InvalidInput.class)
                .hasMessageStartingWith("timezone's offset must be within -12:00 and +14:00");
        assertThat(Preferences.zone("+14:00")).hasToString("+14:00");
        for (String seconds : List.of("+05:30:15", "-00:00:30", "GMT+05:30:45")) {
            assertThatThrownBy(() -> Preferences.zone(seconds)).as(seconds).isInstanceOf(InvalidInput.class)
                    .hasMessageStartingWith("timezone's offset must be in whole minutes");
        }
    }

    @Test
    void preferencesFollowEachTagOnce() {
        Preferences prefs = new Preferences(List.of(Tag.of("#Aviation"), Tag.of("aviation"), Tag.of("Ukraine")),
                Frequency.WEEKLY, ZoneId.of("UTC"), 7, false);
        assertThat(prefs.tagKeys()).extracting(k -> k.value()).containsExactly("aviation", "ukraine");
    }
}
