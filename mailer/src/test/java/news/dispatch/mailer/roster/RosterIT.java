package news.dispatch.mailer.roster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import news.dispatch.core.InvalidInput;
import news.dispatch.core.article.Article;
import news.dispatch.core.article.Articles;
import news.dispatch.core.subscriber.Consent;
import news.dispatch.core.subscriber.Consents;
import news.dispatch.core.subscriber.EmailAddress;
import news.dispatch.core.subscriber.Frequency;
import news.dispatch.core.subscriber.Preferences;
import news.dispatch.core.subscriber.QuietHours;
import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.core.subscriber.SubscriberStatus;
import news.dispatch.core.subscriber.Subscribers;
import news.dispatch.core.subscriber.TransitionNotAllowed;
import news.dispatch.core.tag.Tag;
import news.dispatch.core.suppression.SuppressionReason;
import news.dispatch.core.suppression.Suppressions;
import news.dispatch.core.testing.ResetsDatabase;
import news.dispatch.mailer.MailerTestApplication;
import news.dispatch.mailer.Readers;
import news.dispatch.mailer.outbox.Deliveries;
import news.dispatch.mailer.outbox.Delivery;
import news.dispatch.mailer.outbox.DeliveryKind;
import news.dispatch.mailer.outbox.DeliveryStatus;
import news.dispatch.mailer.outbox.Notice;
import news.dispatch.mailer.outbox.Outbox;
import news.dispatch.mailer.outbox.Progress;
import news.dispatch.mailer.roster.ImportReport.Rejected;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

/** What admins do to readers, read back from the database and the outbox (the workers are off). */
@SpringBootTest(classes = MailerTestApplication.class, properties = {
        "spring.datasource.url=jdbc:h2:mem:roster;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "spring.mail.host=127.0.0.1",
        "dispatch.mail.enabled=false"})
@ResetsDatabase({"suppression", "delivery", "subscriber", "article"})
class RosterIT {

    @Autowired
    Suppressions suppressions;

    @Autowired
    Roster roster;

    @Autowired
    Subscribers subscribers;

    @Autowired
    Consents consents;

    @Autowired
    Outbox outbox;

    @Autowired
    Deliveries deliveries;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Articles articles;

    @Test
    void changesOnlyWhatTheChangeHolds() {
        Subscriber reader = Readers.active(subscribers, "anna@example.com", "#Aviation");

        Subscriber changed = roster.change(reader.id(), new SubscriberChange(null, List.of(Tag.of("#Ukraine"),
                Tag.of("Space")), Frequency.WEEKLY, null, 22, null)).orElseThrow();

        assertThat(changed.status()).isEqualTo(SubscriberStatus.ACTIVE);
        assertThat(changed.preferences().tags()).extracting(Tag::label).containsExactly("Ukraine", "Space");
        assertThat(changed.preferences().frequency()).isEqualTo(Frequency.WEEKLY);
        assertThat(changed.preferences().sendHour()).isEqualTo(22);
        assertThat(changed.preferences().timezone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(subscribers.find(reader.id()).orElseThrow().preferences().tagKeys())
                .containsExactlyInAnyOrderElementsOf(changed.preferences().tagKeys());
        assertThat(roster.change(-1, SubscriberChange.status(SubscriberStatus.SUSPENDED))).isEmpty();
    }

    /** A file that pauses a known reader drops their digests and alerts queued, as the admin's change does. */
    @Test
    void anImportThatPausesAReaderDropsTheAlertsQueuedToThem() throws IOException {
        Subscriber reader = Readers.active(subscribers, "holiday@example.com", "Aviation");
        Article story = Readers.story(articles, "Airbus orders A320 software fix", Instant.now(), "#Aviation");
        outbox.queueAlert(reader, story.id());
        outbox.queueNotice(reader, Notice.PREFERENCES_LINK);

        roster.importCsv(bytes("email,tags,pausedUntil\nholiday@example.com,Aviation,2099-01-01\n"),
                SubscriberStatus.ACTIVE);

        assertThat(deliveries.listFor(reader.id())).extracting(Delivery::kind, Delivery::status)
                .containsExactlyInAnyOrder(tuple(DeliveryKind.ALERT, DeliveryStatus.FAILED),
                        tuple(DeliveryKind.NOTICE, DeliveryStatus.QUEUED));
    }

    @Test
    void suspendingOrUnsubscribingDropsQueuedMailAndReactivatingRestores() {
        Subscriber reader = Readers.active(subscribers, "anna@example.com", "#Aviation");
        outbox.queueNotice(reader, Notice.WELCOME);

        assertThat(roster.change(reader.id(), SubscriberChange.status(SubscriberStatus.SUSPENDED)).orElseThrow()
                .status()).isEqualTo(SubscriberStatus.SUSPENDED);
        assertThat(deliveries.listFor(reader.id())).extracting(Delivery::status).containsExactly(DeliveryStatus.FAILED);
        assertThat(roster.change(reader.id(), SubscriberChange.status(SubscriberStatus.ACTIVE)).orElseThrow()
                .status()).isEqualTo(SubscriberStatus.ACTIVE);

        outbox.queueNotice(reader, Notice.PREFERENCES_LINK);
        assertThat(roster.change(reader.id(), SubscriberChange.status(SubscriberStatus.UNSUBSCRIBED)).orElseThrow()
                .status()).isEqualTo(SubscriberStatus.UNSUBSCRIBED);
        assertThat(deliveries.listFor(reader.id())).extracting(Delivery::status).containsOnly(DeliveryStatus.FAILED);
    }

    @Test
    void refusedTransitionsStoreNothing() {
        Subscriber pending = subscribers.add(EmailAddress.of("pending@example.com"), Readers.preferences("Aviation"),
                SubscriberStatus.PENDING);
        Subscriber left = subscribers.update(Readers.active(subscribers, "left@example.com", "Aviation")
                .unsubscribe());
        Subscriber neverConfirmed = subscribers.update(pending.suspend());

        assertThatThrownBy(() -> roster.change(left.id(), new SubscriberChange(SubscriberStatus.ACTIVE,
                List.of(Tag.of("Space")), null, null, null, null))).isInstanceOf(TransitionNotAllowed.class);
        assertThatThrownBy(() -> roster.change(left.id(), SubscriberChange.status(SubscriberStatus.SUSPENDED)))
                .isInstanceOf(TransitionNotAllowed.class);
        assertThatThrownBy(() -> roster.change(neverConfirmed.id(), SubscriberChange.status(SubscriberStatus.ACTIVE)))
                .isInstanceOf(TransitionNotAllowed.class).hasMessageContaining("never confirmed");

        assertThat(subscribers.find(left.id()).orElseThrow()).isEqualTo(left);
        assertThat(roster.change(neverConfirmed.id(), SubscriberChange.status(SubscriberStatus.PENDING))
                .orElseThrow().status()).isEqualTo(SubscriberStatus.PENDING);
        assertThatThrownBy(() -> roster.change(neverConfirmed.id(), SubscriberChange.status(SubscriberStatus.ACTIVE)))
                .isInstanceOf(TransitionNotAllowed.class).hasMessageContaining("confirmation link");
    }

    @Test
    void badPreferencesNameTheirFieldAndStoreNothing() {
        Subscriber reader = Readers.active(subscribers, "anna@example.com", "#Aviation");

        assertThatThrownBy(() -> roster.change(reader.id(), new SubscriberChange(SubscriberStatus.SUSPENDED,
                null, null, null, 24, null))).isInstanceOf(InvalidInput.class)
                .extracting(e -> ((InvalidInput) e).field()).isEqualTo("sendHour");
        assertThatThrownBy(() -> roster.change(reader.id(), new SubscriberChange(null, List.of(), null, null, null,
                null))).isInstanceOf(InvalidInput.class).extracting(e -> ((InvalidInput) e).field()).isEqualTo("tags");

        assertThat(subscribers.find(reader.id()).orElseThrow()).isEqualTo(reader);
    }

    @Test
    void erasingTakesTheAddressOffEveryDeliveryAndKeepsTheCounts() {
        Subscriber reader = Readers.active(subscribers, "anna@example.com", "#Aviation");
        Subscriber other = Readers.active(subscribers, "bob@example.com", "#Aviation");
        outbox.queueNotice(reader, Notice.WELCOME);
        outbox.queueNotice(reader, Notice.PREFERENCES_LINK);
        outbox.queueNotice(other, Notice.WELCOME);
        jdbc.sql("""
                        update delivery set status = 'FAILED', lane = null,
                                            last_error = '550 5.1.1 <anna@example.com>: no such user'
                         where content = 'notice=WELCOME' and subscriber_id = ?
                        """)
                .param(reader.id()).update();
        Map<DeliveryStatus, Long> countsBefore = deliveries.countByStatus();

        assertThat(roster.erase(reader.id())).isTrue();
        assertThat(roster.erase(reader.id())).isFalse();

        assertThat(subscribers.find(reader.id())).isEmpty();
        List<Map<String, Object>> rows = jdbc.sql(
                "select recipient, subscriber_id, status, last_error from delivery where recipient is null order by id")
                .query().listOfRows();
        assertThat(rows).hasSize(2);
        assertThat(rows).allSatisfy(row -> assertThat(row.get("subscriber_id")).isNull());
        assertThat(rows.get(0).get("last_error")).isEqualTo("550 5.1.1 <(erased)>: no such user");
        assertThat(rows.get(1).get("status")).isEqualTo("FAILED");
        assertThat(rows.get(1).get("last_error")).isEqualTo("not sent: the reader's data was erased");
        assertThat(deliveries.countByStatus().values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(countsBefore.values().stream().mapToLong(Long::longValue).sum());
        assertThat(deliveries.listFor(other.id())).extracting(Delivery::to).containsExactly("bob@example.com");
        assertThat(subscribers.countErased()).isPositive();
    }

    @Test
    void mailQueuedToTheReaderWhileTheyWereErasedLosesTheAddressToo() {
        Subscriber reader = Readers.active(subscribers, "anna@example.com", "#Aviation");
        Subscriber other = Readers.active(subscribers, "bob@example.com", "#Aviation");
        outbox.queueNotice(reader, Notice.WELCOME);
        outbox.queueNotice(other, Notice.WELCOME);
        // As the row of a digest queued between the outbox forgetting the reader and the reader's row going: the
        // delete has cleared its subscriber id, the address is still on it.
        jdbc.sql("update delivery set subscriber_id = null where subscriber_id = ?").param(reader.id()).update();

        assertThat(outbox.forget(reader)).isEqualTo(1);

        assertThat(jdbc.sql("select count(*) from delivery where recipient = 'anna@example.com'").query(Long.class)
                .single()).isZero();
        assertThat(deliveries.listFor(other.id())).extracting(Delivery::to).containsExactly("bob@example.com");
        assertThat(deliveries.listFor(other.id())).extracting(Delivery::status).containsExactly(DeliveryStatus.QUEUED);
    }

    @Test
    void importsNewAddressesUpdatesKnownOnesAndReportsBadLines() {
        Subscriber known = subscribers.update(Readers.active(subscribers, "Known@Example.com", "#Aviation")
                .suspend());

        ImportReport report = roster.importCsv(bytes("""
                email,tags,frequency
                anna@example.com,Aviation;Ukraine,WEEKLY
                not-an-address,Aviation,DAILY
                known@example.com,#Space, immediate
                bob@example.com,,DAILY
                carla@example.com,Aviation,HOURLY
                ANNA@example.com,Space,DAILY
                dan@example.com,Aviation
                """), SubscriberStatus.ACTIVE);

        assertThat(report.imported()).isEqualTo(2);
        assertThat(report.updated()).isEqualTo(1);
        assertThat(report.rejected()).extracting(Rejected::line).containsExactly(3L, 5L, 6L, 7L);
        assertThat(report.rejected()).extracting(Rejected::reason).containsExactly(
                "email is not a valid address", "tags: follow at least one tag",
                "frequency must be IMMEDIATE, DAILY or WEEKLY", "the address is on line 2 already");

        Subscriber anna = subscribers.findByEmail(EmailAddress.of("anna@example.com")).orElseThrow();
        assertThat(anna.status()).isEqualTo(SubscriberStatus.ACTIVE);
        assertThat(anna.preferences().frequency()).isEqualTo(Frequency.WEEKLY);
        assertThat(anna.preferences().tags()).extracting(Tag::label).containsExactly("Aviation", "Ukraine");
        assertThat(subscribers.findByEmail(EmailAddress.of("dan@example.com")).orElseThrow().preferences()
                .frequency()).isEqualTo(Frequency.DAILY);
        Subscriber updated = subscribers.find(known.id()).orElseThrow();
        assertThat(updated.status()).isEqualTo(SubscriberStatus.SUSPENDED);
        assertThat(updated.preferences().tags()).extracting(Tag::label).containsExactly("Space");
        assertThat(updated.preferences().frequency()).isEqualTo(Frequency.IMMEDIATE);
        assertThat(updated.preferences().timezone()).isEqualTo(known.preferences().timezone());
        assertThat(deliveries.countByStatus().get(DeliveryStatus.QUEUED)).isZero();
    }

    @Test
    void anImportReportsSuppressedAddressesWithTheReasonAndTakesTheRest() {
        suppressions.add(EmailAddress.of("gone@example.com"), SuppressionReason.COMPLAINT, null);

        ImportReport report = roster.importCsv(bytes("""
                email,tags,frequency
                Gone@Example.com,Aviation,DAILY
                anna@example.com,Aviation,DAILY
                not-an-address,Aviation,DAILY
                """), SubscriberStatus.PENDING);

        assertThat(report.imported()).isEqualTo(1);
        assertThat(report.rejected()).extracting(Rejected::line).containsExactly(2L, 4L);
        assertThat(report.rejected().get(0).reason())
                .isEqualTo("email: the address is on the suppression list (COMPLAINT); lift it first to import it");
        assertThat(subscribers.findByEmail(EmailAddress.of("gone@example.com"))).isEmpty();
        assertThat(deliveries.countByStatus().get(DeliveryStatus.QUEUED)).isEqualTo(1);
    }

    @Test
    void anImportKnowsAnAddressInEverySpellingAndKeepsWhatItDoesNotName() {
        Subscriber known = subscribers.update(Readers.active(subscribers, "known@bücher.example", "#Aviation")
                .withPreferences(new Preferences(List.of(Tag.of("Aviation")), Frequency.DAILY,
                        ZoneId.of("Asia/Tokyo"), 6, false, new QuietHours(22, 7))));

        ImportReport report = roster.importCsv(bytes("""
                email,tags,frequency
                known@xn--bcher-kva.example,Space,WEEKLY
                new@bücher.example,Aviation,DAILY
                NEW@BU\u0308CHER.EXAMPLE,Space,DAILY
                """), SubscriberStatus.ACTIVE);

        assertThat(report.imported()).isEqualTo(1);
        assertThat(report.updated()).isEqualTo(1);
        assertThat(report.rejected()).extracting(Rejected::reason).containsExactly("the address is on line 3 already");
        Preferences now = subscribers.find(known.id()).orElseThrow().preferences();
        assertThat(now.frequency()).isEqualTo(Frequency.WEEKLY);
        assertThat(now.quietHours()).isEqualTo(new QuietHours(22, 7));
        assertThat(now.timezone()).isEqualTo(ZoneId.of("Asia/Tokyo"));
        assertThat(jdbc.sql("select email from subscriber order by id").query(String.class).list())
                .containsExactly("known@xn--bcher-kva.example", "new@xn--bcher-kva.example");
    }

    @Test
    void anAdminChangeKeepsTheQuietHours() {
        Subscriber reader = subscribers.update(Readers.active(subscribers, "quiet@example.com", "#Aviation")
                .withPreferences(new Preferences(List.of(Tag.of("Aviation")), Frequency.DAILY,
                        ZoneId.of("Europe/Berlin"), 7, true, new QuietHours(22, 7))));

        roster.change(reader.id(), new SubscriberChange(null, null, Frequency.WEEKLY, null, null, null));

        assertThat(subscribers.find(reader.id()).orElseThrow().preferences().quietHours())
                .isEqualTo(new QuietHours(22, 7));
    }

    @Test
    void pendingImportsMailEachNewAddressAConfirmationLink() {
        Readers.active(subscribers, "known@example.com", "#Aviation");

        ImportReport report = roster.importCsv(bytes(
                "email,tags\nnew@example.com,Aviation\nknown@example.com,Space\n"), SubscriberStatus.PENDING);

        assertThat(report).isEqualTo(new ImportReport(1, 1, List.of()));
        Subscriber invited = subscribers.findByEmail(EmailAddress.of("new@example.com")).orElseThrow();
        assertThat(invited.status()).isEqualTo(SubscriberStatus.PENDING);
        assertThat(deliveries.listFor(invited.id())).extracting(Delivery::kind).containsExactly(DeliveryKind.CONFIRMATION);
        assertThat(deliveries.countByStatus().get(DeliveryStatus.QUEUED)).isEqualTo(1);
        assertThatThrownBy(() -> roster.importCsv(bytes("email,tags\n"), SubscriberStatus.SUSPENDED))
                .isInstanceOf(InvalidInput.class).extracting(e -> ((InvalidInput) e).field()).isEqualTo("status");
    }

    @Test
    void aLargeFileIsImportedInBatches() {
        StringBuilder csv = new StringBuilder("email,tags,frequency\r\n");
        for (int i = 0; i < 600; i++) {
            csv.append("reader").append(i).append("@example.com,Aviation;Reader-").append(i % 7).append(",DAILY\r\n");
        }

        ImportReport report = roster.importCsv(bytes(csv.toString()), SubscriberStatus.ACTIVE);

        assertThat(report).isEqualTo(new ImportReport(600, 0, List.of()));
        assertThat(subscribers.countByStatus().get(SubscriberStatus.ACTIVE)).isEqualTo(600);
    }

    /**
     * Cells a spreadsheet would run as formulas are defused and come back: {@code =formula@} and {@code '=formula@},
     * two readers, stay two, and a zone {@code -12:00} stays a zone (QA, 7 December: both addresses were written
     * alike, and the import back rewrote one reader with the other's choices).
     */
    @Test
    void anExportImportsBackUnchanged() throws IOException {
        Subscriber formula = Readers.active(subscribers, "=formula@example.com", "#USMigration", "Ukraine");
        Readers.active(subscribers, "'=formula@example.com", "Space");
        jdbc.sql("update subscriber set timezone = '-12:00' where id = ?").param(formula.id()).update();
        subscribers.update(Readers.active(subscribers, "left@example.com", "Space").unsubscribe());
        StringWriter all = new StringWriter();
        StringWriter active = new StringWriter();

        roster.exportCsv(all, null);
        roster.exportCsv(active, SubscriberStatus.ACTIVE);

        assertThat(all.toString()).startsWith("email,tags,frequency,status,timezone,sendHour,alerts,language,"
                + "createdAt,confirmedAt,tagFrequencies,pausedUntil,quietFrom,quietUntil\r\n"
                + "'=formula@example.com,Ukraine;USMigration,DAILY,ACTIVE,'-12:00,")
                .contains("\r\n''=formula@example.com,Space,DAILY,ACTIVE,Europe/Berlin,")
                .contains("\r\nleft@example.com,Space,DAILY,UNSUBSCRIBED,");
        assertThat(active.toString()).doesNotContain("left@example.com");
        List<Subscriber> before = subscribers.listAfter(news.dispatch.core.subscriber.SubscriberQuery.all(), 0, 10);
        assertThat(roster.importCsv(bytes(all.toString()), SubscriberStatus.ACTIVE))
                .isEqualTo(new ImportReport(0, 3, List.of()));
        assertThat(subscribers.listAfter(news.dispatch.core.subscriber.SubscriberQuery.all(), 0, 10))
                .isEqualTo(before);
    }

    /**
     * A backup restored into an empty database keeps when each reader signed up and confirmed, and dates the consent
     * on record by that confirmation (the restore's time stood before: an integrator's QA, 7 December); a time that
     * cannot be read, or is still to come, is a rejected line rather than taken without a word.
     */
    @Test
    void anExportRestoredKeepsWhenEachReaderSignedUpAndConfirmed() throws IOException {
        Subscriber reader = Readers.active(subscribers, "since@example.com", "Ukraine");
        Instant signedUp = Instant.parse("2025-03-01T08:00:00Z");
        Instant confirmed = Instant.parse("2025-03-01T08:05:00Z");
        jdbc.sql("update subscriber set created_at = ?, confirmed_at = ? where id = ?")
                .params(signedUp.atOffset(ZoneOffset.UTC), confirmed.atOffset(ZoneOffset.UTC), reader.id()).update();
        StringWriter export = new StringWriter();
        roster.exportCsv(export, null);
        jdbc.sql("delete from subscriber").update();

        assertThat(roster.importCsv(bytes(export.toString()), SubscriberStatus.ACTIVE))
                .isEqualTo(new ImportReport(1, 0, List.of()));

        Subscriber restored = subscribers.findByEmail(reader.email()).orElseThrow();
        assertThat(restored.createdAt()).isEqualTo(signedUp);
        assertThat(restored.confirmedAt()).isEqualTo(confirmed);
        assertThat(consents.latest(restored.id())).get().extracting(Consent::at).isEqualTo(confirmed);
        roster.importCsv(bytes("email,tags,status,createdAt,confirmedAt\r\n"
                + "held@example.com,Ukraine,SUSPENDED,2025-03-01T08:00:00Z,2025-03-01T08:05:00Z\r\n"), SubscriberStatus.ACTIVE);
        Subscriber held = subscribers.findByEmail(EmailAddress.of("held@example.com")).orElseThrow();
        assertThat(consents.latest(held.id())).as("suspended by the newsroom, not withdrawn: reactivated, they have one")
                .get().extracting(Consent::at).isEqualTo(confirmed);

        ImportReport wrong = roster.importCsv(bytes("email,tags,createdAt,confirmedAt\r\n"
                + "a@example.com,Ukraine,notadate,\r\nb@example.com,Ukraine,2999-01-01T00:00:00Z,\r\n"
                + "c@example.com,Ukraine,2025-03-02T00:00:00Z,2025-03-01T00:00:00Z\r\n"
                + "d@example.com,Ukraine,2025-03-02T00:00:00Z,\r\n"
                + "e@example.com,Ukraine,2025-03-02 09:30:00,2025-03-03\r\n"
                + "f@example.com,Ukraine,-999999999-01-01T00:00:00Z,2020-01-02T00:00:00Z\r\n"), SubscriberStatus.ACTIVE);
        assertThat(wrong.rejected()).extracting(Rejected::line, Rejected::value).containsExactly(
                tuple(2L, "notadate"), tuple(3L, "2999-01-01T00:00:00Z"), tuple(4L, "2025-03-01T00:00:00Z"),
                tuple(7L, "-999999999-01-01T00:00:00Z"));
        assertThat(wrong.rejected().get(3).reason()).isEqualTo("createdAt is before 1970: it says when the reader "
                + "signed up or confirmed");
        assertThat(wrong.rejected().get(0).reason())
                .isEqualTo("createdAt must be a time such as 2026-01-01T07:00:00Z, or blank");
        assertThat(subscribers.findByEmail(EmailAddress.of("d@example.com")).orElseThrow().createdAt())
                .isEqualTo(Instant.parse("2025-03-02T00:00:00Z"));
        assertThat(subscribers.findByEmail(EmailAddress.of("e@example.com")).orElseThrow())
                .as("as a spreadsheet may write them back: in UTC, as the export's are")
                .extracting(Subscriber::createdAt, Subscriber::confirmedAt)
                .containsExactly(Instant.parse("2025-03-02T09:30:00Z"), Instant.parse("2025-03-03T00:00:00Z"));
    }

    /** A reader on holiday restored from an export is not mailed before the holiday ends, nor at night. */
    @Test
    void anExportRestoresEachReadersRhythmsPauseAndQuietHours() throws IOException {
        Subscriber reader = Readers.active(subscribers, "holiday@example.com", "Ukraine", "Aviation");
        Preferences chosen = reader.preferences()
                .withTagFrequencies(Map.of(Tag.of("Ukraine").key(), Frequency.IMMEDIATE))
                .withPause(java.time.LocalDate.of(2027, 1, 15)).withQuietHours(new QuietHours(22, 7));
        subscribers.update(reader.withPreferences(chosen));
        StringWriter export = new StringWriter();
        roster.exportCsv(export, null);
        assertThat(export.toString()).contains(",ukraine:IMMEDIATE,2027-01-15,22,7\r\n");

        subscribers.update(reader);
        assertThat(roster.importCsv(bytes(export.toString()), SubscriberStatus.ACTIVE))
                .isEqualTo(new ImportReport(0, 1, List.of()));
        assertRestored(subscribers.find(reader.id()).orElseThrow(), chosen);
        jdbc.sql("delete from subscriber").update();
        assertThat(roster.importCsv(bytes(export.toString()), SubscriberStatus.ACTIVE))
                .isEqualTo(new ImportReport(1, 0, List.of()));
        assertRestored(subscribers.findByEmail(reader.email()).orElseThrow(), chosen);

        ImportReport wrong = roster.importCsv(bytes("email,tags,tagFrequencies,quietFrom,quietUntil\r\n"
                + "a@example.com,Ukraine,space:WEEKLY,,\r\nb@example.com,Ukraine,,22,\r\n"
                + "c@example.com,Ukraine,ukraine,,\r\n"), SubscriberStatus.ACTIVE);
        assertThat(wrong.rejected()).extracting(Rejected::line).containsExactly(2L, 3L, 4L);
    }

    /** The second edition's choices, as chosen: the tags' order is the roster's own. */
    private static void assertRestored(Subscriber restored, Preferences chosen) {
        assertThat(restored.preferences()).as(restored.email().value())
                .returns(chosen.tagFrequencies(), Preferences::tagFrequencies)
                .returns(chosen.pausedUntil(), Preferences::pausedUntil)
                .returns(chosen.quietHours(), Preferences::quietHours);
    }

    @Test
    void countsMailSentPerHour() {
        Subscriber reader = Readers.active(subscribers, "anna@example.com", "#Aviation");
        for (int i = 0; i < 3; i++) {
            outbox.queueNotice(reader, Notice.WELCOME);
        }
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        List<Long> ids = jdbc.sql("select id from delivery order by id").query(Long.class).list();
        sent(ids.get(0), hour.minusSeconds(3600 + 1));
        sent(ids.get(1), hour.plusSeconds(5));
        sent(ids.get(2), hour.plusSeconds(3599));

        assertThat(deliveries.sentPerHour(hour.minusSeconds(3600))).isEqualTo(Map.of(hour, 2L));
        assertThat(deliveries.sentPerHour(hour.minusSeconds(7200))).containsEntry(hour.minusSeconds(7200), 1L);
    }

    @Test
    void tellsHowFarTheDigestsAndAlertsGoingOutHaveGot() {
        Instant recently = Instant.now().minusSeconds(3600);
        assertThat(deliveries.progress()).isEmpty();
        for (int i = 0; i < 4; i++) {
            Subscriber reader = Readers.active(subscribers, "reader" + i + "@example.com", "#Aviation");
            outbox.queueAlert(reader, 1);
        }
        outbox.queueNotice(subscribers.findByEmail(EmailAddress.of("reader0@example.com")).orElseThrow(),
                Notice.WELCOME);
        List<Long> alerts = jdbc.sql("select id from delivery where kind = 'ALERT' order by id").query(Long.class)
                .list();
        sent(alerts.get(0), Instant.now());
        sent(alerts.get(1), Instant.now());
        jdbc.sql("update delivery set status = 'FAILED', lane = null where id = ?").param(alerts.get(2)).update();
        Subscriber earlier = Readers.active(subscribers, "earlier@example.com", "#Aviation");
        outbox.queueAlert(earlier, 2);
        long yesterdays = jdbc.sql("select max(id) from delivery").query(Long.class).single();
        jdbc.sql("update delivery set queued_at = ? where id = ?")
                .params(recently.minus(Duration.ofDays(1)).atOffset(ZoneOffset.UTC), yesterdays).update();
        sent(yesterdays, recently.minus(Duration.ofHours(20)));

        List<Progress> progress = deliveries.progress();

        assertThat(progress).singleElement().satisfies(alertsGoingOut -> {
            assertThat(alertsGoingOut.kind()).isEqualTo(DeliveryKind.ALERT);
            assertThat(alertsGoingOut.done()).isEqualTo(3);
            assertThat(alertsGoingOut.total()).isEqualTo(4);
            assertThat(alertsGoingOut.percent()).isEqualTo(75);
        });
        outbox.queueAlert(earlier, 3);
        jdbc.sql("update delivery set queued_at = ? where id = (select max(id) from delivery)")
                .param(recently.atOffset(ZoneOffset.UTC)).update();
        assertThat(deliveries.progress()).extracting(Progress::period, Progress::done, Progress::total)
                .containsExactly(tuple("ALERT 3", 0L, 1L), tuple("ALERT 1", 3L, 4L));

        sent(alerts.get(3), Instant.now());
        assertThat(deliveries.progress()).extracting(Progress::period).containsExactly("ALERT 3");
    }

    private static byte[] bytes(String csv) {
        return csv.getBytes(StandardCharsets.UTF_8);
    }

    private void sent(long id, Instant at) {
        jdbc.sql("update delivery set status = 'SENT', lane = null, sent_at = ?, available_at = ? where id = ?")
                .params(at.atOffset(ZoneOffset.UTC), at.atOffset(ZoneOffset.UTC), id).update();
    }
}
