package news.dispatch.mailer.roster;

import java.io.IOException;
import java.io.StringReader;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import news.dispatch.core.InvalidInput;
import news.dispatch.core.jdbc.Timestamps;
import news.dispatch.core.jdbc.TriedAgain;
import news.dispatch.core.jdbc.TriedAgainWhenBusy;
import news.dispatch.core.paging.Page;
import news.dispatch.core.paging.PageRequest;
import news.dispatch.core.subscriber.Consent;
import news.dispatch.core.subscriber.Consents;
import news.dispatch.core.subscriber.DuplicateSubscriber;
import news.dispatch.core.subscriber.EmailAddress;
import news.dispatch.core.subscriber.Frequency;
import news.dispatch.core.subscriber.Language;
import news.dispatch.core.subscriber.Preferences;
import news.dispatch.core.subscriber.QuietHours;
import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.core.subscriber.SubscriberQuery;
import news.dispatch.core.subscriber.SubscriberStatus;
import news.dispatch.core.subscriber.Subscribers;
import news.dispatch.core.subscriber.TransitionNotAllowed;
import news.dispatch.core.suppression.Suppressions;
import news.dispatch.core.tag.Tag;
import news.dispatch.core.tag.TagKey;
import news.dispatch.core.tag.TagRetired;
import news.dispatch.core.tag.Tags;
import news.dispatch.mailer.letter.Letters;
import news.dispatch.mailer.outbox.Outbox;
import news.dispatch.mailer.roster.ImportReport.Rejected;
import news.dispatch.mailer.roster.SubscriberCsv.Row;
import news.dispatch.mailer.subscription.ReaderSettings;
import news.dispatch.mailer.subscription.Subscriptions;
import news.dispatch.mailer.webhook.EventType;
import news.dispatch.mailer.webhook.Webhooks;

import org.apache.commons.csv.CSVPrinter;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

@Service
class RosterService implements Roster {

    /** Rows stored per transaction: few commits for a big file, short locks for everyone else. */
    private static final int IMPORT_BATCH = 500;
    private static final int EXPORT_BATCH = 1000;
    /** The earliest sign-up or confirmation an import takes. */
    private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");

    private final Subscribers subscribers;
    private final Consents consents;
    private final Subscriptions subscriptions;
    private final Outbox outbox;
    private final Suppressions suppressions;
    private final TransactionTemplate transaction;
    private final Language defaultLanguage;
    private final Webhooks webhooks;
    private final Tags tags;
    private final Clock clock;
    private volatile boolean stopping;

    RosterService(Subscribers subscribers, Subscriptions subscriptions, Consents consents, Outbox outbox,
                  Suppressions suppressions, TransactionTemplate transaction, ReaderSettings readers,
                  Webhooks webhooks, Tags tags, Clock clock) {
        this.tags = tags;
        this.clock = clock;
        this.defaultLanguage = readers.defaultLanguage();
        this.webhooks = webhooks;
        this.subscribers = subscribers;
        this.consents = consents;
        this.subscriptions = subscriptions;
        this.outbox = outbox;
        this.suppressions = suppressions;
        this.transaction = transaction;
    }

    /**
     * Dispatch is stopping: an import in progress stops at its next batch rather than run on while the server waits
     * for it and the database closes under it.
     */
    @EventListener(ContextClosedEvent.class)
    void stopImports() {
        stopping = true;
    }

    @Override
    public Page<Subscriber> search(SubscriberQuery query, PageRequest page) {
        return subscribers.search(query, page);
    }

    @Override
    public Optional<Subscriber> find(long id) {
        return subscribers.find(id);
    }

    @Override
    @TriedAgainWhenBusy
    @Transactional
    public Optional<Subscriber> change(long id, SubscriberChange change) {
        return subscribers.find(id).map(reader -> {
            Preferences now = reader.preferences();
            Subscriber changed = reader.withPreferences(new Preferences(
                    change.tags() == null ? now.tags() : change.tags(),
                    change.frequency() == null ? now.frequency() : change.frequency(),
                    change.timezone() == null ? now.timezone() : change.timezone(),
                    change.sendHour() == null ? now.sendHour() : change.sendHour(),
                    change.alerts() == null ? now.alerts() : change.alerts(), now.quietHours()).keeping(now));
            if (change.tagFrequencies() != null) {
                changed = changed.withPreferences(changed.preferences().withTagFrequencies(
                        tags.asFollowed(change.tagFrequencies(), changed.preferences().tagKeys())));
            }
            if (change.pausedUntil() != null) {
                changed = changed.withPreferences(changed.preferences().withPause(change.pausedUntil().orElse(null)));
            }
            if (change.language() != null) {
                changed = changed.withPreferences(changed.preferences().withLanguage(change.language()));
            }
            if (change.quietFrom() != null || change.quietUntil() != null) {
                QuietHours quiet = now.quietHours();
                changed = changed.withPreferences(changed.preferences().withQuietHours(QuietHours.of(
                        change.quietFrom() != null ? change.quietFrom().orElse(null) : quiet == null ? null : quiet.from(),
                        change.quietUntil() != null ? change.quietUntil().orElse(null)
                                : quiet == null ? null : quiet.until())));
            }
            if (change.status() != null && change.status() != reader.status()) {
                changed = moveTo(changed, change.status());
            }
            return stored(reader, changed);
        });
    }

    /**
     * Stores an admin's change to a known reader, whether made one by one or by an import, with what follows from it:
     * mail that no longer goes dropped or held, and the webhooks told of a reader suspended, unsubscribed or made
     * active again.
     */
    private Subscriber stored(Subscriber reader, Subscriber changed) {
        Subscriber stored = subscribers.update(changed);
        if (stored.status() != reader.status() && !stored.receivesMail()) {
            outbox.cancelFor(stored.id());
        } else if (stored.preferences().pauseBeginsAt(Timestamps.now(clock), reader.preferences())) {
            outbox.holdFor(stored.id());
        }
        if (stored.status() != reader.status() && stored.status() == SubscriberStatus.SUSPENDED) {
            webhooks.announce(EventType.SUBSCRIBER_SUSPENDED, stored.id(), Webhooks.about(stored, "admin"));
        } else if (stored.status() != reader.status() && stored.status() == SubscriberStatus.UNSUBSCRIBED) {
            webhooks.announce(EventType.SUBSCRIBER_UNSUBSCRIBED, stored.id(), Webhooks.about(stored, "admin"));
        } else if (stored.status() != reader.status() && stored.status() == SubscriberStatus.ACTIVE) {
            webhooks.announce(EventType.SUBSCRIBER_REACTIVATED, stored.id(), Webhooks.about(stored, "admin"));
        }
        return stored;
    }

    /** The guarded transition that reaches the status an admin asked for, or a refusal that says why not. */
    private static Subscriber moveTo(Subscriber reader, SubscriberStatus wanted) {
        Subscriber moved = switch (wanted) {
            case SUSPENDED -> reader.suspend();
            case UNSUBSCRIBED -> reader.unsubscribe();
            case ACTIVE, PENDING -> reader.status() == SubscriberStatus.SUSPENDED ? reader.reactivate() : reader;
        };
        if (moved.status() == wanted) {
            return moved;
        }
        if (reader.status() == SubscriberStatus.PENDING) {
            throw new TransitionNotAllowed("only the reader's click on their confirmation link makes a PENDING "
                    + "subscriber ACTIVE");
        }
        if (reader.status() == SubscriberStatus.SUSPENDED) {
            throw new TransitionNotAllowed("this subscriber " + (reader.confirmedAt() == null
                    ? "never confirmed their address: reactivating makes them PENDING, not ACTIVE"
                    : "confirmed their address already: reactivating makes them ACTIVE, not PENDING"));
        }
        throw new TransitionNotAllowed(reader.status(), "make " + wanted);
    }

    @Override
    @TriedAgainWhenBusy
    @Transactional
    public boolean erase(long id) {
        return subscribers.find(id).map(reader -> {
            outbox.forget(reader);
            boolean erased = subscribers.erase(reader.id());
            outbox.forget(reader);
            if (erased) {
                // An erased reader is only an id: their address and tags are what was erased.
                webhooks.forget(reader.id());
                webhooks.announce(EventType.SUBSCRIBER_ERASED, reader.id(), Map.of("id", reader.id()));
            }
            return erased;
        }).orElse(false);
    }

    @Override
    public ImportReport importCsv(byte[] csv, SubscriberStatus status, String importedBy) {
        if (status != SubscriberStatus.ACTIVE && status != SubscriberStatus.PENDING) {
            throw new InvalidInput("status", "status must be ACTIVE or PENDING");
        }
        List<Rejected> rejected = new ArrayList<>();
        List<Candidate> candidates = new ArrayList<>();
        Map<String, Long> seen = new HashMap<>();
        for (Row row : SubscriberCsv.read(new StringReader(utf8(csv)))) {
            if (!row.readable()) {
                rejected.add(new Rejected(row.line(), row.problem()));
                continue;
            }
            Candidate candidate = candidate(row, rejected, Timestamps.now(clock));
            if (candidate == null) {
                continue;
            }
            Long first = seen.putIfAbsent(candidate.email().key(), row.line());
            if (first == null) {
                candidates.add(candidate);
            } else {
                rejected.add(new Rejected(row.line(), "the address is on line " + first + " already"));
            }
        }
        candidates = withoutSuppressed(candidates, rejected);
        candidates = withoutRetired(candidates, rejected);
        rejected.sort(Comparator.comparingLong(Rejected::line));
        int imported = 0;
        int updated = 0;
        for (int from = 0; from < candidates.size(); from += IMPORT_BATCH) {
            if (stopping) {
                // Between two batches, while the database is still there: the answer says what was stored.
                throw new ImportStopped(imported, updated);
            }
            List<Candidate> batch = candidates.subList(from, Math.min(from + IMPORT_BATCH, candidates.size()));
            int[] counts;
            try {
                counts = TriedAgain.whenBusy(() -> store(batch, status, importedBy));
            } catch (DuplicateSubscriber raced) {
                // Someone signed up an address of the batch meanwhile; the batch is rolled back and, stored again,
                // finds it known.
                counts = TriedAgain.whenBusy(() -> store(batch, status, importedBy));
            }
            imported += counts[0];
            updated += counts[1];
        }
        return new ImportReport(imported, updated, rejected);
    }

    /** The addresses on the suppression list are reported, not imported: one query for the whole file. */
    private List<Candidate> withoutSuppressed(List<Candidate> candidates, List<Rejected> rejected) {
        Set<String> suppressed = suppressions.suppressedAmong(candidates.stream()
                .map(candidate -> candidate.email().value()).toList());
        if (suppressed.isEmpty()) {
            return candidates;
        }
        List<Candidate> kept = new ArrayList<>(candidates.size());
        for (Candidate candidate : candidates) {
            if (suppressed.contains(candidate.email().key())) {
                rejected.add(new Rejected(candidate.line(), "email: the address is on the suppression list ("
                        + suppressions.find(candidate.email()).map(found -> found.reason().name()).orElse("lifted")
                        + "); lift it first to import it", candidate.email().value()));
            } else {
                kept.add(candidate);
            }
        }
        return kept;
    }

    /**
     * A line that gives a reader a retired tag is reported, not imported: a retired tag takes no new follower. A reader
     * who follows it still keeps it, so that Dispatch's own export imports back. A query for the whole file, and one
     * for the readers of its lines that name retired tags.
     */
    private List<Candidate> withoutRetired(List<Candidate> candidates, List<Rejected> rejected) {
        Map<TagKey, Tags.Retirement> retired = tags.retirements(candidates.stream()
                .flatMap(candidate -> candidate.tags().stream()).map(Tag::key).distinct().toList());
        if (retired.isEmpty()) {
            return candidates;
        }
        Map<String, Set<TagKey>> followed = tags.retiredFollowed(candidates.stream()
                .filter(candidate -> candidate.tags().stream().anyMatch(tag -> retired.containsKey(tag.key())))
                .map(candidate -> candidate.email().key()).toList());
        List<Candidate> kept = new ArrayList<>(candidates.size());
        for (Candidate candidate : candidates) {
            Set<TagKey> theirs = followed.getOrDefault(candidate.email().key(), Set.of());
            Optional<Tags.Retirement> retirement = candidate.tags().stream().map(tag -> retired.get(tag.key()))
                    .filter(Objects::nonNull).filter(found -> !theirs.contains(found.tag().key())).findFirst();
            if (retirement.isPresent()) {
                rejected.add(new Rejected(candidate.line(), "tags: " + new TagRetired(retirement.get()).getMessage(),
                        candidate.tags().stream().map(tag -> "#" + tag.label()).collect(Collectors.joining(";"))));
            } else {
                kept.add(candidate);
            }
        }
        return kept;
    }

    /** Decodes strictly: a file in another encoding is refused rather than imported with garbled addresses. */
    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidInput("file", "the file must be UTF-8 text (save it from the spreadsheet as CSV UTF-8)");
        }
    }

    /**
     * Stores a batch in one transaction; answers how many were new and how many known. Rolled back whole when it fails,
     * so a batch stored again counts afresh.
     */
    private int[] store(List<Candidate> batch, SubscriberStatus status, String importedBy) {
        return transaction.execute(tx -> {
            int[] counts = new int[2];
            for (Candidate candidate : batch) {
                Optional<Subscriber> known = subscribers.findByEmail(candidate.email());
                if (known.isPresent()) {
                    Subscriber reader = known.get();
                    Preferences now = reader.preferences();
                    Subscriber changed = reader.withPreferences(new Preferences(candidate.tags(),
                            candidate.frequency() == null ? now.frequency() : candidate.frequency(),
                            candidate.timezone() == null ? now.timezone() : candidate.timezone(),
                            candidate.sendHour() == null ? now.sendHour() : candidate.sendHour(),
                            candidate.alerts() == null ? now.alerts() : candidate.alerts(), now.quietHours())
                            .keeping(now)
                            .withLanguage(candidate.language() == null ? now.language() : candidate.language()));
                    changed = changed.withPreferences(candidate.withChoices(changed.preferences()));
                    if (candidate.status() != null && candidate.status() != reader.status()) {
                        changed = movedIfAllowed(changed, candidate.status());
                    }
                    stored(reader, changed);
                    counts[1]++;
                    continue;
                }
                Preferences preferences = new Preferences(candidate.tags(),
                        candidate.frequency() == null ? Preferences.DEFAULT_FREQUENCY : candidate.frequency(),
                        candidate.timezone() == null ? Preferences.DEFAULT_TIMEZONE : candidate.timezone(),
                        candidate.sendHour() == null ? Preferences.DEFAULT_SEND_HOUR : candidate.sendHour(),
                        candidate.alerts() == null || candidate.alerts())
                        .withLanguage(candidate.language() == null ? defaultLanguage : candidate.language());
                preferences = candidate.withChoices(preferences);
                // The row's own status wins over the one asked for the file: an export restored elsewhere keeps
                // its unsubscribed readers unsubscribed, and mails none of them.
                SubscriberStatus wanted = candidate.status() == null ? status : candidate.status();
                if (wanted == SubscriberStatus.PENDING) {
                    subscriptions.invite(candidate.email(), preferences);
                } else {
                    // An export restored keeps when its readers signed up and confirmed: the consent on record is
                    // dated by the confirmation, not by the restore. A reader who never confirmed has no such time.
                    Instant now = Timestamps.now(clock);
                    Instant confirmed = candidate.confirmedAt() != null ? candidate.confirmedAt()
                            : wanted == SubscriberStatus.ACTIVE ? now : null;
                    Instant created = candidate.createdAt() != null ? candidate.createdAt()
                            : confirmed != null && confirmed.isBefore(now) ? confirmed : now;
                    Subscriber added = subscribers.restore(candidate.email(), preferences, wanted, created,
                            confirmed);
                    // A suspension is the newsroom's stop, not the reader's: one who had confirmed keeps their
                    // consent on record, so that reactivating them mails nobody without one (QA, 7 December).
                    if (wanted == SubscriberStatus.ACTIVE
                            || wanted == SubscriberStatus.SUSPENDED && added.confirmedAt() != null) {
                        consents.record(added.id(), new Consent(added.confirmedAt(), Consent.Source.IMPORT,
                                Letters.importedConsentText(preferences), null, importedBy));
                    }
                }
                counts[0]++;
            }
            return counts;
        });
    }

    /**
     * A known reader moved to the row's status where the reader's rules allow it; where they do not (nobody becomes
     * {@code ACTIVE} who did not confirm), the reader keeps theirs.
     */
    private static Subscriber movedIfAllowed(Subscriber reader, SubscriberStatus wanted) {
        try {
            return moveTo(reader, wanted);
        } catch (TransitionNotAllowed refused) {
            return reader;
        }
    }

    /** The row's values checked, or {@code null} with the reason (and the value at fault) added to the rejected. */
    private static Candidate candidate(Row row, List<Rejected> rejected, Instant now) {
        try {
            EmailAddress email = EmailAddress.of(row.email());
            List<Tag> tags = Arrays.stream(row.tags().split(SubscriberCsv.TAG_SEPARATOR))
                    .filter(tag -> !tag.isBlank())
                    .map(Tag::of)
                    .toList();
            Frequency frequency = row.frequency().isBlank() ? null : Frequency.of(row.frequency());
            SubscriberStatus status = row.get(SubscriberCsv.STATUS).isBlank() ? null
                    : status(row.get(SubscriberCsv.STATUS));
            ZoneId timezone = row.get(SubscriberCsv.TIMEZONE).isBlank() ? null
                    : Preferences.zone(row.get(SubscriberCsv.TIMEZONE));
            Integer sendHour = row.get(SubscriberCsv.SEND_HOUR).isBlank() ? null
                    : sendHour(row.get(SubscriberCsv.SEND_HOUR));
            Boolean alerts = row.get(SubscriberCsv.ALERTS).isBlank() ? null : alerts(row.get(SubscriberCsv.ALERTS));
            Language language = row.get(SubscriberCsv.LANGUAGE).isBlank() ? null
                    : Language.of(row.get(SubscriberCsv.LANGUAGE));
            Map<TagKey, Frequency> rhythms = row.get(SubscriberCsv.TAG_FREQUENCIES).isBlank() ? null
                    : Preferences.rhythms(SubscriberCsv.rhythms(row.get(SubscriberCsv.TAG_FREQUENCIES)));
            LocalDate pausedUntil = Preferences.pause(row.get(SubscriberCsv.PAUSED_UNTIL));
            QuietHours quiet = QuietHours.of(hour(row, SubscriberCsv.QUIET_FROM), hour(row, SubscriberCsv.QUIET_UNTIL));
            Instant createdAt = instant(row, SubscriberCsv.CREATED_AT, now);
            Instant confirmedAt = instant(row, SubscriberCsv.CONFIRMED_AT, now);
            if (confirmedAt != null && createdAt != null && confirmedAt.isBefore(createdAt)) {
                throw new InvalidInput(SubscriberCsv.CONFIRMED_AT, "confirmedAt is before createdAt: a reader confirms "
                        + "after signing up");
            }
            // Checks the number of tags, the hour and the rhythms' tags as the reader's choices will.
            Candidate candidate = new Candidate(row.line(), email, tags, frequency, status, timezone, sendHour, alerts,
                    language, rhythms, pausedUntil, quiet, createdAt, confirmedAt);
            candidate.withChoices(new Preferences(tags, Preferences.DEFAULT_FREQUENCY, Preferences.DEFAULT_TIMEZONE,
                    sendHour == null ? Preferences.DEFAULT_SEND_HOUR : sendHour, true));
            return candidate;
        } catch (InvalidInput invalid) {
            String message = invalid.getMessage();
            rejected.add(new Rejected(row.line(), message.startsWith(invalid.field()) ? message
                    : invalid.field() + ": " + message, value(row, invalid.field())));
            return null;
        }
    }

    /** What the row holds in the field at fault, so the report shows it; {@code null} when no one column is. */
    private static String value(Row row, String field) {
        return switch (field) {
            case "email" -> row.email();
            case "tags" -> row.tags();
            case "frequency" -> row.frequency();
            case "status", "timezone", "sendHour", "alerts", "language", "tagFrequencies", "pausedUntil", "quietFrom",
                 "quietUntil", "createdAt", "confirmedAt" -> row.get(field);
            default -> null;
        };
    }

    private static SubscriberStatus status(String given) {
        try {
            return SubscriberStatus.valueOf(given.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInput("status", "status must be PENDING, ACTIVE, SUSPENDED or UNSUBSCRIBED");
        }
    }

    private static int sendHour(String given) {
        try {
            return Integer.parseInt(given.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInput("sendHour", "sendHour must be between 0 and 23");
        }
    }

    /**
     * A time the export wrote ({@code 2026-01-01T07:00:00Z}), or null for a blank cell. A time that cannot be read, or
     * one still to come, is refused: it was imported without a word before, as if the column were not there.
     */
    private static Instant instant(Row row, String column, Instant now) {
        String given = row.get(column).strip();
        if (given.isEmpty()) {
            return null;
        }
        Instant instant = readTime(given);
        if (instant == null) {
            throw new InvalidInput(column, column + " must be a time such as 2026-01-01T07:00:00Z, or blank");
        }
        if (instant.isAfter(now)) {
            throw new InvalidInput(column, column + " is still to come: it says when the reader signed up or "
                    + "confirmed");
        }
        // Before mail had readers to sign up: a year -5000 was stored by PostgreSQL as -infinity, and the admin's
        // pages of readers answered 500 (QA, 7 December).
        if (instant.isBefore(EARLIEST)) {
            throw new InvalidInput(column, column + " is before 1970: it says when the reader signed up or confirmed");
        }
        return instant;
    }

    /**
     * A time as the export writes it, or as a spreadsheet may have rewritten it: without its offset
     * ({@code 2026-01-01 07:00:00}, read in UTC, as the export's times are) or as a day alone; null when it is none.
     */
    private static Instant readTime(String given) {
        try {
            return OffsetDateTime.parse(given).toInstant();
        } catch (DateTimeParseException notWithOffset) {
            try {
                return LocalDateTime.parse(given.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notWithoutIt) {
                try {
                    return LocalDate.parse(given).atStartOfDay(ZoneOffset.UTC).toInstant();
                } catch (DateTimeParseException notADay) {
                    return null;
                }
            }
        }
    }

    /** A quiet hour's column: blank for none, else a whole hour (the range is the quiet hours' to check). */
    private static Integer hour(Row row, String column) {
        String given = row.get(column).strip();
        if (given.isEmpty()) {
            return null;
        }
        try {
            return Integer.parseInt(given);
        } catch (NumberFormatException e) {
            throw new InvalidInput(column, column + " must be an hour between 0 and 23, or blank");
        }
    }

    private static boolean alerts(String given) {
        return switch (given.strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new InvalidInput("alerts", "alerts must be true or false");
        };
    }

    @Override
    public void exportCsv(Writer out, SubscriberStatus status) throws IOException {
        SubscriberQuery query = SubscriberQuery.all().withStatus(status);
        CSVPrinter printer = SubscriberCsv.printer(out);
        long after = 0;
        List<Subscriber> batch;
        do {
            batch = subscribers.listAfter(query, after, EXPORT_BATCH);
            for (Subscriber reader : batch) {
                SubscriberCsv.print(printer, reader);
                after = reader.id();
            }
        } while (batch.size() == EXPORT_BATCH);
        printer.flush();
    }

    /** A row that passed the checks; a {@code null} keeps a known reader's value, or is the default. */
    /**
     * A row's reader, checked; {@code null} for a column the row leaves blank. The second edition's choices come as
     * one {@code choices}, applied to the preferences the first edition's make.
     */
    private record Candidate(long line, EmailAddress email, List<Tag> tags, Frequency frequency,
                             SubscriberStatus status, ZoneId timezone, Integer sendHour, Boolean alerts,
                             Language language, Map<TagKey, Frequency> tagFrequencies, LocalDate pausedUntil,
                             QuietHours quietHours, Instant createdAt, Instant confirmedAt) {

        /** The preferences with the row's rhythms, pause and quiet hours where it has them. */
        Preferences withChoices(Preferences preferences) {
            Preferences chosen = preferences;
            if (tagFrequencies != null) {
                chosen = chosen.withTagFrequencies(tagFrequencies);
            }
            if (pausedUntil != null) {
                chosen = chosen.withPause(pausedUntil);
            }
            if (quietHours != null) {
                chosen = chosen.withQuietHours(quietHours);
            }
            return chosen;
        }
    }
}
