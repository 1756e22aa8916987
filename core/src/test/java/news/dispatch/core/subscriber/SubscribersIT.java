package news.dispatch.core.subscriber;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import news.dispatch.core.CoreTestApplication;
import news.dispatch.core.link.LinkPurpose;
import news.dispatch.core.link.LinkTokens;
import news.dispatch.core.tag.Tag;
import news.dispatch.core.testing.ResetsDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;

@SpringBootTest(classes = CoreTestApplication.class)
@ResetsDatabase("subscriber")
class SubscribersIT {

    private static final Preferences PREFERENCES = new Preferences(List.of(Tag.of("#Aviation"), Tag.of("#Ukraine")),
            Frequency.WEEKLY, ZoneId.of("America/New_York"), 6, false);

    @Autowired
    Subscribers subscribers;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    OwedEarlierLinks owedEarlierLinks;

    @Test
    void storesAReaderWithTheirPreferences() {
        Subscriber added = subscribers.add(EmailAddress.of("Reader@Example.com"), PREFERENCES,
                SubscriberStatus.PENDING);

        Subscriber found = subscribers.find(added.id()).orElseThrow();
        assertThat(found.email().value()).as("the local part as typed, the domain in its normal form")
                .isEqualTo("Reader@example.com");
        assertThat(found.status()).isEqualTo(SubscriberStatus.PENDING);
        assertThat(found.preferences()).isEqualTo(PREFERENCES);
        assertThat(found.createdAt()).isNotNull();
        assertThat(found.confirmedAt()).isNull();
    }

    @Test
    void findsTheReadersAskedForWithTheirTagsWhetherTheirIdsAreCloseOrScattered() {
        List<Subscriber> added = IntStream.range(0, 10)
                .mapToObj(i -> subscribers.add(EmailAddress.of("reader" + i + "@example.com"), new Preferences(
                        List.of(Tag.of("#Aviation"), Tag.of("#Reader" + i)), Frequency.DAILY, ZoneOffset.UTC, 7,
                        false), SubscriberStatus.ACTIVE))
                .toList();
        // Three of four ids in a row are read as a range, the one between left out; the first and last alone are two
        // of ten, read as a list.
        List<Long> close = List.of(added.get(3).id(), added.get(4).id(), added.get(6).id());
        List<Long> scattered = List.of(added.get(0).id(), added.get(9).id());

        assertThat(subscribers.findAll(close)).extracting(Subscriber::email).extracting(EmailAddress::value)
                .containsExactlyInAnyOrder("reader3@example.com", "reader4@example.com", "reader6@example.com");
        assertThat(subscribers.findAll(close)).allSatisfy(reader -> assertThat(reader.preferences().tags()).extracting(Tag::label)
                .containsExactlyInAnyOrder("Aviation", "Reader" + reader.email().value().charAt(6)));
        assertThat(subscribers.findAll(scattered)).extracting(Subscriber::email).extracting(EmailAddress::value)
                .containsExactlyInAnyOrder("reader0@example.com", "reader9@example.com");
        assertThat(subscribers.findAll(scattered)).allSatisfy(reader -> assertThat(reader.preferences().tags()).hasSize(2));
    }

    @Test
    void findsAReaderByTheirAddressInAnyCase() {
        Subscriber added = subscribers.add(EmailAddress.of("Reader@Example.com"), PREFERENCES,
                SubscriberStatus.ACTIVE);

        assertThat(subscribers.findByEmail(EmailAddress.of("READER@example.COM"))).get()
                .extracting(Subscriber::id).isEqualTo(added.id());
    }

    @Test
    void aLookAlikeSpellingOfAKnownAddressIsADuplicate() {
        subscribers.add(EmailAddress.of("reader@bücher.example"), PREFERENCES, SubscriberStatus.ACTIVE);

        assertThatThrownBy(() -> subscribers.add(EmailAddress.of("READER@xn--bcher-kva.example"), PREFERENCES,
                SubscriberStatus.ACTIVE)).isInstanceOf(DuplicateSubscriber.class);
        assertThat(subscribers.findByEmail(EmailAddress.of(
                "\uff52\uff45\uff41\uff44\uff45\uff52@bu\u0308cher.example"))).isPresent();
    }

    @Test
    void refusesTheSameAddressTwiceWhateverItsCase() {
        subscribers.add(EmailAddress.of("reader@example.com"), PREFERENCES, SubscriberStatus.ACTIVE);

        assertThatThrownBy(() -> subscribers.add(EmailAddress.of("READER@EXAMPLE.COM"), PREFERENCES,
                SubscriberStatus.PENDING)).isInstanceOf(DuplicateSubscriber.class);
    }

    @Test
    void storesStateChangesAndNewPreferences() {
        Subscriber added = subscribers.add(EmailAddress.of("reader@example.com"), PREFERENCES,
                SubscriberStatus.PENDING);
        Preferences daily = new Preferences(List.of(Tag.of("#Aviation"), Tag.of("#Airbus")), Frequency.DAILY,
                ZoneId.of("Asia/Kolkata"), 21, true);

        subscribers.update(added.confirm(added.createdAt().plusSeconds(60)).withPreferences(daily));

        Subscriber found = subscribers.find(added.id()).orElseThrow();
        assertThat(found.status()).isEqualTo(SubscriberStatus.ACTIVE);
        assertThat(found.confirmedAt()).isEqualTo(added.createdAt().plusSeconds(60));
        assertThat(found.preferences().tags()).extracting(Tag::label).containsExactlyInAnyOrder("Aviation", "Airbus");
        assertThat(found.preferences().timezone()).isEqualTo(ZoneId.of("Asia/Kolkata"));
        assertThat(found.preferences().sendHour()).isEqualTo(21);
    }

    @Test
    void storesQuietHoursAndTakesThemAwayAgain() {
        Subscriber added = subscribers.add(EmailAddress.of("night.owl@example.com"),
                PREFERENCES.withQuietHours(new QuietHours(22, 7)), SubscriberStatus.ACTIVE);

        assertThat(subscribers.find(added.id()).orElseThrow().preferences().quietHours())
                .isEqualTo(new QuietHours(22, 7));

        subscribers.update(added.withPreferences(added.preferences().withQuietHours(null)));

        assertThat(subscribers.find(added.id()).orElseThrow().preferences().quietHours()).isNull();
        assertThatThrownBy(() -> jdbc.sql("update subscriber set quiet_from = 3 where id = ?").param(added.id())
                .update()).isInstanceOf(DataIntegrityViolationException.class);
        assertThatThrownBy(() -> jdbc.sql("update subscriber set quiet_from = 5, quiet_until = 5 where id = ?")
                .param(added.id()).update()).isInstanceOf(DataIntegrityViolationException.class);
    }

    @Test
    void findsAReaderByTheLinkTokenOfEachPurposeOnly() {
        Subscriber added = subscribers.add(EmailAddress.of("reader@example.com"), PREFERENCES,
                SubscriberStatus.ACTIVE);
        String preferences = subscribers.linkToken(added, LinkPurpose.PREFERENCES);
        String unsubscribe = subscribers.linkToken(added, LinkPurpose.UNSUBSCRIBE);

        assertThat(preferences).isNotEqualTo(unsubscribe).hasSizeGreaterThanOrEqualTo(43)
                .doesNotContain(added.email().value());
        assertThat(subscribers.findByLink(LinkPurpose.PREFERENCES, preferences)).get()
                .extracting(Subscriber::id).isEqualTo(added.id());
        assertThat(subscribers.findByLink(LinkPurpose.UNSUBSCRIBE, unsubscribe)).isPresent();
        assertThat(subscribers.findByLink(LinkPurpose.UNSUBSCRIBE, preferences)).isEmpty();
        assertThat(subscribers.findByLink(LinkPurpose.PREFERENCES, preferences.substring(1))).isEmpty();
        assertThat(subscribers.findByLink(LinkPurpose.PREFERENCES, "' or 1=1 --")).isEmpty();
    }

    @Test
    void anUnsubscribeLinkOfAnEarlierSubscriptionFindsTheReaderUntilTheyAreErased() {
        Subscriber first = subscribers.add(EmailAddress.of("reader@example.com"), PREFERENCES,
                SubscriberStatus.ACTIVE);
        String oldUnsubscribe = subscribers.linkToken(first, LinkPurpose.UNSUBSCRIBE);
        String oldPreferences = subscribers.linkToken(first, LinkPurpose.PREFERENCES);

        Subscriber waiting = subscribers.update(subscribers.update(first.unsubscribe()).rejoin(PREFERENCES));
        assertThat(subscribers.findByLink(LinkPurpose.UNSUBSCRIBE, oldUnsubscribe)).get()
                .as("a sign-up waiting for its confirmation is not the old link's").extracting(Subscriber::status)
                .isEqualTo(SubscriberStatus.UNSUBSCRIBED);
        Subscriber back = subscribers.update(waiting.confirm(Instant.now()));

        assertThat(subscribers.findByLink(LinkPurpose.UNSUBSCRIBE, oldUnsubscribe)).get()
                .extracting(Subscriber::id, Subscriber::status).containsExactly(back.id(), SubscriberStatus.ACTIVE);
        assertThat(subscribers.findByLink(LinkPurpose.UNSUBSCRIBE, subscribers.linkToken(back,
                LinkPurpose.UNSUBSCRIBE))).isPresent();
        assertThat(subscribers.findByLink(LinkPurpose.PREFERENCES, oldPreferences))
                .as("an old preferences link shows nothing of the new subscription").isEmpty();
        assertThat(subscribers.findByLink(LinkPurpose.PREFERENCES, oldUnsubscribe)).isEmpty();

        Subscriber third = subscribers.update(subscribers.update(back.unsubscribe()).rejoin(PREFERENCES)
                .confirm(Instant.now()));
        assertThat(third.linkGeneration()).isEqualTo(2);
        assertThat(subscribers.findByLink(LinkPurpose.UNSUBSCRIBE, oldUnsubscribe)).isPresent();
        assertThat(subscribers.findByLink(LinkPurpose.UNSUBSCRIBE, subscribers.linkToken(back,
                LinkPurpose.UNSUBSCRIBE))).isPresent();

        assertThat(subscribers.erase(third.id())).isTrue();
        assertThat(subscribers.findByLink(LinkPurpose.UNSUBSCRIBE, oldUnsubscribe)).isEmpty();
        assertThat(jdbc.sql("select count(*) from earlier_unsubscribe_link").query(Long.class).single()).isZero();
    }

    @Test
    void theEarlierLinksOfReadersWhoCameBackBeforeTheyWereKeptAreMadeAtStart() {
        Subscriber reader = subscribers.add(EmailAddress.of("reader@example.com"), PREFERENCES,
                SubscriberStatus.ACTIVE);
        String before = subscribers.linkToken(reader, LinkPurpose.UNSUBSCRIBE);
        // What V45 leaves of a reader who signed up again on an older version: a new generation, an earlier link owed.
        Subscriber back = new Subscriber(reader.id(), reader.email(), reader.status(), reader.preferences(),
                reader.createdAt(), reader.confirmedAt(), 1);
        jdbc.sql("update subscriber set link_generation = 1, unsubscribe_token_hash = ? where id = ?")
                .params(LinkTokens.hash(subscribers.linkToken(back, LinkPurpose.UNSUBSCRIBE)), reader.id()).update();
        jdbc.sql("insert into earlier_unsubscribe_link (subscriber_id, generation) values (?, 0)")
                .param(reader.id()).update();
        assertThat(subscribers.findByLink(LinkPurpose.UNSUBSCRIBE, before)).isEmpty();

        owedEarlierLinks.afterSingletonsInstantiated();

        assertThat(subscribers.findByLink(LinkPurpose.UNSUBSCRIBE, before)).get().extracting(Subscriber::id)
                .isEqualTo(reader.id());
    }

    @Test
    void theDatabaseItselfRefusesWhatTheDomainForbids() {
        subscribers.add(EmailAddress.of("reader@example.com"), PREFERENCES, SubscriberStatus.ACTIVE);
        String insert = """
                insert into subscriber (email, email_key, status, frequency, timezone, send_hour, alerts,
                                        created_at, updated_at)
                values (?, ?, ?, ?, 'UTC', ?, true, current_timestamp, current_timestamp)
                """;

        assertThatThrownBy(() -> jdbc.sql(insert).params("READER@example.com", "reader@example.com", "ACTIVE",
                "DAILY", 7).update()).isInstanceOf(DataIntegrityViolationException.class);
        assertThatThrownBy(() -> jdbc.sql(insert).params("Other@example.com", "Other@example.com", "ACTIVE",
                "DAILY", 7).update()).isInstanceOf(DataIntegrityViolationException.class);
        assertThatThrownBy(() -> jdbc.sql(insert).params("x@example.com", "x@example.com", "GONE", "DAILY", 7)
                .update()).isInstanceOf(DataIntegrityViolationException.class);
        assertThatThrownBy(() -> jdbc.sql(insert).params("x@example.com", "x@example.com", "ACTIVE", "HOURLY", 7)
                .update()).isInstanceOf(DataIntegrityViolationException.class);
        assertThatThrownBy(() -> jdbc.sql(insert).params("x@example.com", "x@example.com", "ACTIVE", "DAILY", 24)
                .update()).isInstanceOf(DataIntegrityViolationException.class);
        assertThatThrownBy(() -> jdbc.sql("insert into subscriber_tag (subscriber_id, tag_key) values (-1, 'nope')")
                .update()).isInstanceOf(DataIntegrityViolationException.class);
    }

    @Test
    void deletesOnlyReadersWhoNeverConfirmedTheirLastSignUp() {
        Subscriber stale = subscribers.add(EmailAddress.of("stale@example.com"), PREFERENCES, SubscriberStatus.PENDING);
        Subscriber active = subscribers.add(EmailAddress.of("active@example.com"), PREFERENCES,
                SubscriberStatus.ACTIVE);
        Subscriber left = subscribers.update(subscribers.add(EmailAddress.of("left@example.com"), PREFERENCES,
                SubscriberStatus.ACTIVE).unsubscribe());
        Instant cutoff = Instant.now().plusSeconds(1);
        Subscriber fresh = subscribers.add(EmailAddress.of("fresh@example.com"), PREFERENCES,
                SubscriberStatus.PENDING);
        jdbc.sql("update subscriber set updated_at = ? where id = ?")
                .params(cutoff.plusSeconds(1).atOffset(ZoneOffset.UTC), fresh.id()).update();

        assertThat(subscribers.deleteUnconfirmed(cutoff)).isEqualTo(1);

        assertThat(subscribers.find(stale.id())).isEmpty();
        assertThat(subscribers.find(active.id())).isPresent();
        assertThat(subscribers.find(left.id())).isPresent();
        assertThat(subscribers.find(fresh.id())).isPresent();
    }

    @Test
    void aTagOnlyTheReaderFollowedGoesWhenTheyAreErasedOrLetItGoAndATagAnyoneElseUsesStays() {
        Subscriber quinn = subscribers.add(EmailAddress.of("quinn@example.com"), following("#Aviation",
                "#QuinnSmithClinic", "#SharedClinic"), SubscriberStatus.ACTIVE);
        subscribers.add(EmailAddress.of("other@example.com"), following("#SharedClinic"), SubscriberStatus.ACTIVE);
        Subscriber rita = subscribers.add(EmailAddress.of("rita@example.com"), following("#Aviation", "#RitaOwn"),
                SubscriberStatus.ACTIVE);
        subscribers.add(EmailAddress.of("pending@example.com"), following("#PendingOwn"), SubscriberStatus.PENDING);
        assertThat(tagKeys()).contains("quinnsmithclinic", "sharedclinic", "ritaown", "pendingown");

        assertThat(subscribers.erase(quinn.id())).isTrue();
        subscribers.update(rita.withPreferences(following("#Aviation")));
        subscribers.deleteUnconfirmed(Instant.now().plusSeconds(1));

        assertThat(tagKeys()).as("the tags they alone had").doesNotContain("quinnsmithclinic", "ritaown",
                "pendingown");
        assertThat(tagKeys()).as("tags others follow").contains("sharedclinic", "aviation");
        assertThat(subscribers.add(EmailAddress.of("again@example.com"), following("#RitaOwn"),
                SubscriberStatus.ACTIVE).preferences().tags()).extracting(Tag::label).containsExactly("RitaOwn");
    }

    private static Preferences following(String... tags) {
        return new Preferences(Stream.of(tags).map(Tag::of).toList(), Frequency.DAILY, ZoneOffset.UTC, 7, true);
    }

    private List<String> tagKeys() {
        return jdbc.sql("select tag_key from tag").query(String.class).list();
    }

    @Test
    void countsReadersByStatus() {
        subscribers.add(EmailAddress.of("a@example.com"), PREFERENCES, SubscriberStatus.ACTIVE);
        subscribers.add(EmailAddress.of("b@example.com"), PREFERENCES, SubscriberStatus.ACTIVE);
        subscribers.add(EmailAddress.of("c@example.com"), PREFERENCES, SubscriberStatus.PENDING);

        assertThat(subscribers.countByStatus()).containsEntry(SubscriberStatus.ACTIVE, 2L)
                .containsEntry(SubscriberStatus.PENDING, 1L)
                .containsEntry(SubscriberStatus.SUSPENDED, 0L)
                .containsEntry(SubscriberStatus.UNSUBSCRIBED, 0L);
    }
}
