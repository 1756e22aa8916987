package news.dispatch.mailer.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import news.dispatch.core.InvalidInput;
import news.dispatch.core.article.Article;
import news.dispatch.core.link.LinkPurpose;
import news.dispatch.core.subscriber.EmailAddress;
import news.dispatch.core.subscriber.Preferences;
import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.core.subscriber.SubscriberStatus;
import news.dispatch.core.tag.Tag;
import news.dispatch.core.suppression.SuppressionReason;
import news.dispatch.core.suppression.Suppressions;
import news.dispatch.core.testing.ResetsDatabase;
import news.dispatch.mailer.OutboxJourney;
import news.dispatch.mailer.Readers;
import news.dispatch.mailer.outbox.Deliveries;
import news.dispatch.mailer.outbox.Delivery;
import news.dispatch.mailer.outbox.DeliveryKind;
import news.dispatch.mailer.outbox.DeliveryStatus;
import news.dispatch.mailer.outbox.Notice;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/** The rules of signing up, confirming and leaving, read from what lands in the outbox (the workers are off). */
@TestPropertySource(properties = "test.context-name=subscriptions")
@ResetsDatabase({"suppression", "delivery", "subscriber"})
class SubscriptionsIT extends OutboxJourney {

    private static final EmailAddress READER = EmailAddress.of("reader@example.com");

    @Autowired
    Subscriptions subscriptions;

    @Autowired
    Deliveries deliveries;

    @Autowired
    Suppressions suppressions;

    @Test
    void aNewAddressWaitsForItsConfirmationAndIsWelcomedAfterIt() {
        subscriptions.signUp(READER, Readers.preferences("#Aviation"));

        Subscriber pending = subscribers.findByEmail(READER).orElseThrow();
        assertThat(pending.status()).isEqualTo(SubscriberStatus.PENDING);
        assertThat(queued()).containsExactly("CONFIRMATION");

        Subscriber active = subscriptions.confirm(lastToken()).orElseThrow();

        assertThat(active.status()).isEqualTo(SubscriberStatus.ACTIVE);
        assertThat(subscribers.find(pending.id()).orElseThrow().confirmedAt()).isEqualTo(clock.instant());
        assertThat(queued()).containsExactly("NOTICE", "CONFIRMATION");
    }

    @Test
    void confirmingAgainAnswersTheSameAndWelcomesOnce() {
        subscriptions.signUp(READER, Readers.preferences("#Aviation"));
        String token = lastToken();
        subscriptions.confirm(token);

        assertThat(subscriptions.confirm(token)).hasValueSatisfying(reader ->
                assertThat(reader.status()).isEqualTo(SubscriberStatus.ACTIVE));
        assertThat(subscriptions.confirmationFor(token)).isPresent();
        assertThat(queued()).containsExactly("NOTICE", "CONFIRMATION");
    }

    @Test
    void lookingAtAConfirmationLinkNeverConfirms() {
        subscriptions.signUp(READER, Readers.preferences("#Aviation"));

        assertThat(subscriptions.confirmationFor(lastToken())).hasValueSatisfying(reader ->
                assertThat(reader.status()).isEqualTo(SubscriberStatus.PENDING));
        assertThat(subscribers.findByEmail(READER).orElseThrow().status()).isEqualTo(SubscriberStatus.PENDING);
    }

    @Test
    void aConfirmationLinkExpires() {
        subscriptions.signUp(READER, Readers.preferences("#Aviation"));
        String token = lastToken();

        clock.advance(Duration.ofDays(7));

        assertThat(subscriptions.confirmationFor(token)).isEmpty();
        assertThat(subscriptions.confirm(token)).isEmpty();
        assertThat(subscriptions.confirm("not-a-token-anyone-was-given")).isEmpty();
        assertThat(subscribers.findByEmail(READER).orElseThrow().status()).isEqualTo(SubscriberStatus.PENDING);
    }

    @Test
    void signingUpAPendingAddressAgainResendsWithTheNewTagsAFewTimesAnHour() {
        for (int i = 0; i < 5; i++) {
            subscriptions.signUp(READER, Readers.preferences("#Aviation", "#Tag" + i));
        }

        assertThat(queued()).containsExactly("CONFIRMATION", "CONFIRMATION", "CONFIRMATION");
        assertThat(subscribers.findByEmail(READER).orElseThrow().preferences().tags())
                .extracting(Tag::label).containsExactlyInAnyOrder("Aviation", "Tag2");

        clock.advance(Duration.ofMinutes(61));
        subscriptions.signUp(READER, Readers.preferences("#Ukraine"));

        assertThat(queued()).hasSize(4);
        assertThat(subscriptions.confirm(lastToken()).orElseThrow().preferences().tags())
                .extracting(Tag::label).containsExactly("Ukraine");
    }

    @Test
    void anActiveAddressIsMailedItsPreferencesLinkAndKeepsItsTags() {
        Subscriber active = Readers.active(subscribers, READER.value(), "#Aviation");

        subscriptions.signUp(READER, Readers.preferences("#Ukraine"));

        assertThat(queued()).containsExactly("NOTICE");
        assertThat(subscribers.find(active.id()).orElseThrow().preferences())
                .isEqualTo(active.preferences());
    }

    @Test
    void aReaderWhoLeftRejoinsOnlyThroughTheNewLink() {
        subscriptions.signUp(READER, Readers.preferences("#Aviation"));
        String first = lastToken();
        Subscriber active = subscriptions.confirm(first).orElseThrow();
        subscriptions.unsubscribe(subscribers.linkToken(active, LinkPurpose.UNSUBSCRIBE));
        clock.advance(Duration.ofDays(1));

        subscriptions.signUp(READER, Readers.preferences("#Ukraine"));

        assertThat(subscribers.find(active.id()).orElseThrow().status()).isEqualTo(SubscriberStatus.PENDING);
        assertThat(subscriptions.confirm(first)).as("a spent link").isEmpty();
        String second = lastToken();
        assertThat(subscriptions.confirm(second)).hasValueSatisfying(reader ->
                assertThat(reader.status()).isEqualTo(SubscriberStatus.ACTIVE));
        assertThat(subscriptions.confirm(first)).as("the first sign-up's link, once the second is confirmed").isEmpty();
        assertThat(subscriptions.confirmationFor(first)).isEmpty();
        assertThat(subscriptions.confirm(second)).as("the new link, clicked again").hasValueSatisfying(reader ->
                assertThat(reader.preferences().tags()).extracting(Tag::label).containsExactly("Ukraine"));
    }

    @Test
    void aSuspendedAddressIsSentNothing() {
        Subscriber suspended = subscribers.update(Readers.active(subscribers, READER.value(), "#Aviation").suspend());

        subscriptions.signUp(READER, Readers.preferences("#Ukraine"));

        assertThat(queued()).isEmpty();
        assertThat(subscribers.find(suspended.id()).orElseThrow().status()).isEqualTo(SubscriberStatus.SUSPENDED);
    }

    @Test
    void aSuppressedAddressSignsUpAsAnyOtherAndIsSentNothingNorStored() {
        suppressions.add(READER, SuppressionReason.HARD_BOUNCE, "550 5.1.1 user unknown");

        subscriptions.signUp(EmailAddress.of("READER@example.com"), Readers.preferences("#Ukraine"));

        assertThat(queued()).isEmpty();
        assertThat(subscribers.findByEmail(READER)).isEmpty();
    }

    @Test
    void unsubscribingDropsQueuedMailAtOnceAndRepeatsHarmlessly() {
        Subscriber reader = Readers.active(subscribers, READER.value(), "#Aviation");
        Article story = Readers.story(articles, "Airbus orders A320 software fix", clock.instant(), "#Aviation");
        outbox.queueAlert(reader, story.id());
        String token = subscribers.linkToken(reader, LinkPurpose.UNSUBSCRIBE);

        assertThat(subscriptions.unsubscribe(token)).hasValueSatisfying(left ->
                assertThat(left.status()).isEqualTo(SubscriberStatus.UNSUBSCRIBED));
        assertThat(subscriptions.unsubscribe(token)).isPresent();
        assertThat(subscriptions.unsubscribe(subscribers.linkToken(reader, LinkPurpose.PREFERENCES))).isEmpty();

        assertThat(deliveries.listFor(reader.id())).singleElement().satisfies(alert -> {
            assertThat(alert.kind()).isEqualTo(DeliveryKind.ALERT);
            assertThat(alert.status()).isEqualTo(DeliveryStatus.FAILED);
            assertThat(alert.lastError()).contains("unsubscribed");
        });
    }

    @Test
    void pausingDropsTheDigestsAndAlertsQueuedButNotTheNotices() {
        Subscriber reader = Readers.active(subscribers, READER.value(), "#Aviation");
        Article story = Readers.story(articles, "Airbus orders A320 software fix", clock.instant(), "#Aviation");
        outbox.queueAlert(reader, story.id());
        outbox.queueNotice(reader, Notice.PREFERENCES_LINK);
        String token = subscribers.linkToken(reader, LinkPurpose.PREFERENCES);
        LocalDate nextWeek = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).plusDays(7);

        assertThat(subscriptions.changePreferences(token, current -> current.withPause(nextWeek))).isPresent();

        assertThat(deliveries.listFor(reader.id())).extracting(Delivery::kind, Delivery::status, Delivery::lastError)
                .containsExactlyInAnyOrder(
                        tuple(DeliveryKind.ALERT, DeliveryStatus.FAILED, "not sent: the reader paused their mail"),
                        tuple(DeliveryKind.NOTICE, DeliveryStatus.QUEUED, null));
        assertThat(subscriptions.changePreferences(token, current -> current.withPause(nextWeek.plusDays(1))))
                .as("a pause moved on drops nothing more").isPresent();
    }

    @Test
    void aFailedChangeOfPreferencesStoresNothing() {
        Subscriber reader = Readers.active(subscribers, READER.value(), "#Aviation");
        String token = subscribers.linkToken(reader, LinkPurpose.PREFERENCES);

        assertThatThrownBy(() -> subscriptions.changePreferences(token, current -> new Preferences(List.of(),
                current.frequency(), current.timezone(), current.sendHour(), current.alerts())))
                .isInstanceOf(InvalidInput.class);

        assertThat(subscribers.find(reader.id()).orElseThrow().preferences()).isEqualTo(reader.preferences());
        assertThat(subscriptions.changePreferences("unknown-token-of-some-length", current -> current)).isEmpty();
    }

    @Test
    void simultaneousSignUpsOfOneNewAddressStoreOneReader() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Void>> signUps = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                signUps.add(() -> {
                    subscriptions.signUp(READER, Readers.preferences("#Aviation"));
                    return null;
                });
            }
            for (Future<Void> signUp : pool.invokeAll(signUps)) {
                signUp.get();
            }
        } finally {
            pool.shutdown();
        }

        assertThat(jdbc.sql("select count(*) from subscriber").query(Long.class).single()).isEqualTo(1);
        assertThat(queued()).containsOnly("CONFIRMATION").hasSize(3);
    }

    /** Kinds of the deliveries queued, newest first. */
    private List<String> queued() {
        return jdbc.sql("select kind from delivery order by id desc").query(String.class).list();
    }

    /** The token of the newest confirmation email, as the email's link will carry it. */
    private String lastToken() {
        String content = jdbc.sql("select content from delivery where kind = 'CONFIRMATION' order by id desc limit 1")
                .query(String.class).single();
        return content.substring(content.indexOf("token=") + "token=".length());
    }
}
