package news.dispatch.scheduler.digest;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import news.dispatch.core.jdbc.Timestamps;
import news.dispatch.core.subscriber.Frequency;
import news.dispatch.mailer.outbox.Deliveries;
import news.dispatch.mailer.outbox.Outbox.DigestOrder;
import news.dispatch.mailer.outbox.Outbox;
import news.dispatch.mailer.webhook.EventType;
import news.dispatch.mailer.webhook.Webhooks;
import news.dispatch.scheduler.digest.DigestStore.CursorMove;
import news.dispatch.scheduler.digest.DigestStore.Followed;
import news.dispatch.scheduler.digest.DigestStore.IdRange;
import news.dispatch.scheduler.digest.DigestStore.Reader;
import news.dispatch.scheduler.digest.DigestStore.RunOrder;
import news.dispatch.scheduler.digest.DigestStore.Slice;
import news.dispatch.scheduler.digest.DigestStore.Tally;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs digests batch by batch: a batch of readers by id, the due ones' tags, their stories from the run's index,
 * and one transaction that moves their cursors and queues their digests in the outbox, one per reader and period. A
 * batch that fails leaves its readers as they were, for the next run.
 *
 * <p>A batch's transaction is written on a thread of its own while the next batch is read and chosen: writing and
 * committing is most of a batch's time (on H2 the commit writes the changed pages to the file), and batches share no
 * reader, so nothing the next one reads depends on it. One batch is written at a time per range of readers.
 */
@Service
class DigestPress implements Digests, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DigestPress.class);

    /**
     * How far behind the clock the schedule's window ends. A story's publication time is set before its
     * transaction commits; a story stamped a moment before a tick but committed after the tick read the stories
     * would otherwise fall behind the readers' cursors unseen. It goes out with the next digest instead. A manual
     * run takes everything up to its start: the editor who just published wants it in.
     */
    static final Duration SETTLE = Duration.ofSeconds(5);

    /** How long a shared run's slices are kept once pressed, for the record. */
    static final Duration KEEP_RUNS = Duration.ofDays(1);

    /** How long a batch waits, a lock timeout after another, for an alert being queued. */
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    /**
     * How long before a run's window ends an alert it does not know of may have begun: one being queued as the run
     * read the alerts. Far longer than any alert takes to queue.
     */
    private static final Duration ALERTS_IN_FLIGHT = Duration.ofHours(1);

    /** How often the node that started a shared run looks whether the other nodes have pressed their slices. */
    static final Duration WAIT_FOR_SLICES = Duration.ofMillis(100);

    /** Names this node in the slices it claims. */
    private final String node = ManagementFactory.getRuntimeMXBean().getName() + "/"
            + UUID.randomUUID().toString().substring(0, 8);

    /**
     * The runs a thread of this node presses now. The {@link SliceWorker} leaves their slices to it and takes those of
     * any other run, this node's own too: a run whose thread gave up (the database went away under a "send now") had
     * its slices left to other nodes alone, and on one node to nobody until a restart (an operator's QA, 7 December
     * 2026: 9,000 of 12,000 digests).
     */
    private final Set<String> pressing = ConcurrentHashMap.newKeySet();
    private final DigestStore store;
    private final Outbox outbox;
    private final Deliveries deliveries;
    private final TransactionTemplate transaction;
    private final Webhooks webhooks;
    private final DigestSettings settings;
    private final Schedule schedule;
    private final Clock clock;
    private final MeterRegistry metrics;
    /** Writes batches behind the threads that read and choose them: one thread per run being pressed. */
    private final ExecutorService writers = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "dispatch-digest-writer");
        thread.setDaemon(true);
        return thread;
    });
    /**
     * The run of the last slice {@link #pressOthersSlice()} pressed, whose stories are loaded already; only the
     * {@link SliceWorker}'s thread uses it.
     */
    private Press lastPress;

    DigestPress(DigestStore store, Outbox outbox, Deliveries deliveries, TransactionTemplate transaction,
                DigestSettings settings, Clock clock, ObjectProvider<MeterRegistry> metrics, Webhooks webhooks) {
        this.webhooks = webhooks;
        this.metrics = metrics.getIfAvailable(SimpleMeterRegistry::new);
        this.store = store;
        this.outbox = outbox;
        this.deliveries = deliveries;
        this.transaction = transaction;
        this.settings = settings;
        this.schedule = new Schedule(settings.immediateInterval());
        this.clock = clock;
    }

    @Override
    public void destroy() {
        writers.shutdown();
    }

    @Override
    public DigestRun runSchedule() {
        return run(EnumSet.allOf(Frequency.class), false, false);
    }

    @Override
    public DigestRun runScheduleAsked() {
        return run(EnumSet.allOf(Frequency.class), false, true);
    }

    @Override
    public DigestRun runNow(Frequency frequency) {
        return run(EnumSet.of(frequency), true, true);
    }

    /**
     * @param manual every reader of the frequencies, whatever their hour, and stories up to this instant
     * @param asked  a person asked for the run: it is tagged {@code manual} and announced even if it queued nothing
     */
    private DigestRun run(Set<Frequency> frequencies, boolean manual, boolean asked) {
        Instant now = Timestamps.now(clock);
        // Stories published up to here go out in this run, and the cursors of the readers it handles move here.
        RunOrder run = new RunOrder(UUID.randomUUID().toString(), frequencies, manual, asked, now,
                manual ? now : now.minus(SETTLE));
        long started = System.nanoTime();
        store.reachHorizon(run.coveredUntil());
        Pressed pressed = store.readerIds(frequencies).map(ids -> press(run, slices(ids)))
                .orElse(new Pressed(Tally.NONE, true, false));
        long nanos = System.nanoTime() - started;
        String trigger = trigger(run);
        Timer.builder("dispatch.mail.digest.build")
                .description("time a digest run takes to select and queue its digests (their mail is sent after)")
                .tag("trigger", trigger).register(metrics).record(nanos, TimeUnit.NANOSECONDS);
        Counter.builder("dispatch.mail.digest.queued").description("digests queued by digest runs")
                .tag("trigger", trigger).register(metrics).increment(pressed.tally().queued());
        if (pressed.ended()) {
            announce(run, pressed.recorded(), pressed.tally(), nanos / 1_000_000);
        }
        return new DigestRun(run.id(), pressed.tally().considered(), pressed.tally().queued());
    }

    /**
     * Tells the webhooks and the log that a run has ended, unless it is no news: a scheduled run that found nobody
     * due (the schedule makes one every few minutes). A run written down for the nodes is announced once, by the
     * first node to see it end.
     */
    private void announce(RunOrder run, boolean recorded, Tally tally, long millis) {
        if (!run.asked() && tally.queued() == 0) {
            return;
        }
        boolean announced = Boolean.TRUE.equals(transaction.execute(status -> {
            if (recorded && !store.announce(run.id(), Timestamps.now(clock))) {
                return false;
            }
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("id", run.id());
            data.put("trigger", trigger(run));
            data.put("frequencies", run.frequencies().stream().sorted().map(Frequency::name).toList());
            data.put("startedAt", run.startedAt().toString());
            data.put("considered", tally.considered());
            data.put("queued", tally.queued());
            data.put("millis", millis);
            webhooks.announce(EventType.DIGEST_RUN_FINISHED, null, data);
            return true;
        }));
        if (announced) {
            log.info("Digest run {} ({}): {} readers considered, {} digests queued in {} ms", run.id(),
                    run.manual() ? "now, " + run.frequencies().iterator().next()
                            : run.asked() ? "schedule, asked" : "schedule",
                    tally.considered(), tally.queued(), millis);
        }
    }

    private static String trigger(RunOrder run) {
        return run.asked() ? "manual" : "schedule";
    }

    /**
     * What a run's press did on this node.
     *
     * @param tally    what the run did, all its slices counted once it ended
     * @param ended    every slice is pressed (not so when the node stops first: the others press the rest)
     * @param recorded the run is written down for the nodes, so its end is announced once, by whichever sees it
     */
    private record Pressed(Tally tally, boolean ended, boolean recorded) {
    }

    private List<IdRange> slices(IdRange readers) {
        List<IdRange> slices = new ArrayList<>();
        for (long first = readers.first(); first <= readers.last(); first += settings.sliceSize()) {
            slices.add(new IdRange(first, Math.min(readers.last(), first + settings.sliceSize() - 1)));
        }
        return slices;
    }

    /**
     * Presses the run's slices, sharing them with the other nodes: this node claims slices until none is left, then
     * waits for the others' and takes back any whose lease runs out. A run a person asked for is written down even
     * when it is one slice, so that another node finishes it if this one dies; a scheduled run of one slice is not,
     * as the next tick reaches the readers it did not.
     */
    private Pressed press(RunOrder run, List<IdRange> slices) {
        Press press = new Press(run);
        if (slices.size() == 1 && !run.manual()) {
            return new Pressed(press.readers(slices.get(0), null), true, false);
        }
        pressing.add(run.id());
        try {
            transaction.executeWithoutResult(status -> store.open(run, slices, node,
                    run.startedAt().minus(KEEP_RUNS)));
            return pressOpened(run, press);
        } finally {
            pressing.remove(run.id());
        }
    }

    private Pressed pressOpened(RunOrder run, Press press) {
        while (true) {
            if (pressSlice(run.id(), press)) {
                continue;
            }
            DigestStore.Progress progress = store.progress(run.id());
            if (progress.open() == 0) {
                return new Pressed(progress.done(), true, true);
            }
            try {
                Thread.sleep(WAIT_FOR_SLICES.toMillis());
            } catch (InterruptedException e) {
                // The node is stopping: what it has not pressed, the other nodes do, or the next run.
                Thread.currentThread().interrupt();
                return new Pressed(progress.done(), false, true);
            }
        }
    }

    /**
     * Presses one open slice of a run no thread of this node presses, if there is one: what every node's
     * {@link SliceWorker} calls. Keeps the run's stories for its next slice.
     *
     * @return whether it pressed one
     */
    boolean pressOthersSlice() {
        Optional<Slice> slice = claimLeft();
        if (slice.isEmpty()) {
            return false;
        }
        Press press = lastPress;
        if (press == null || !press.run.id().equals(slice.get().runId())) {
            Optional<RunOrder> run = store.run(slice.get().runId());
            if (run.isEmpty()) {
                return true;
            }
            press = new Press(run.get());
            lastPress = press;
        }
        press.readers(slice.get().readers(), slice.get());
        store.finish(slice.get(), Timestamps.now(clock));
        // The node that started the run may have died: whichever node sees the last slice pressed announces the end.
        DigestStore.Progress progress = store.progress(press.run.id());
        if (progress.open() == 0) {
            announce(press.run, true, progress.done(),
                    Duration.between(press.run.startedAt(), Timestamps.now(clock)).toMillis());
        }
        return true;
    }

    private boolean pressSlice(String runId, Press press) {
        Optional<Slice> slice = claim(runId);
        slice.ifPresent(claimed -> {
            press.readers(claimed.readers(), claimed);
            store.finish(claimed, Timestamps.now(clock));
        });
        return slice.isPresent();
    }

    private Optional<Slice> claim(String runId) {
        Instant now = Timestamps.now(clock);
        return transaction.execute(status -> store.claim(runId, node, now, now.plus(settings.sliceLease())));
    }

    private Optional<Slice> claimLeft() {
        Instant now = Timestamps.now(clock);
        Set<String> here = Set.copyOf(pressing);
        return transaction.execute(status -> store.claimLeft(here, node, now, now.plus(settings.sliceLease())));
    }

    /** Presses readers for one run: its stories, loaded once, and its periods, worked out once per zone and hour. */
    private final class Press {

        private final RunOrder run;
        private final Stories stories;
        private final Period manualPeriod;
        private final Map<When, Period> periods = new HashMap<>();
        /** Whether anybody is owed a correction, a follow-up or a retired tag's notice as the run starts. */
        private final boolean owed;
        /**
         * Active readers whose address is suppressed as the run starts: left out, cursors unmoved, so that no digest
         * is queued only to fail at sending, and a lifted address catches up as after downtime.
         */
        private final Set<Long> suppressed;

        Press(RunOrder run) {
            this.run = run;
            this.owed = store.anyOwed();
            this.suppressed = store.suppressedReaders();
            this.stories = new Stories(run.coveredUntil(), run.coveredUntil().minus(settings.maxStoryAge()));
            this.manualPeriod = Period.run(run.id(), run.startedAt());
        }

        /**
         * Presses the readers with ids in the range, batch by batch, each batch written while the next is chosen; one
         * thread at a time, as its stories grow. Returns once every batch is written.
         *
         * @param slice the run's slice the range is, whose counts each batch adds to; null for a run not written down
         */
        Tally readers(IdRange range, Slice slice) {
            BitSet scratch = new BitSet();
            Tally tally = Tally.NONE;
            Future<Tally> writing = null;
            long after = range.first() - 1;
            List<Reader> batch;
            do {
                batch = store.readers(run.frequencies(), after, range.last(), settings.batchSize());
                if (batch.isEmpty()) {
                    break;
                }
                after = batch.get(batch.size() - 1).id();
                List<Plan> plans = plans(store.atRhythms(run.frequencies(), batch));
                boolean chosen = !plans.isEmpty() && chosen(plans, scratch);
                Set<Long> alerted = Set.copyOf(stories.alerted());
                tally = tally.plus(done(writing));
                writing = chosen ? writers.submit(() -> written(plans, alerted, slice)) : null;
            } while (batch.size() == settings.batchSize());
            return tally.plus(done(writing));
        }

        /** The batch's readers who are due, each with the period and the window of their digest. */
        private List<Plan> plans(List<Reader> batch) {
            Instant until = run.coveredUntil();
            List<Plan> plans = new ArrayList<>(batch.size());
            for (Reader reader : batch) {
                if (reader.pausedUntil() != null && run.startedAt().isBefore(reader.pauseEnd())) {
                    continue;
                }
                if (!suppressed.isEmpty() && suppressed.contains(reader.id())) {
                    continue;
                }
                Period period = run.manual() ? manualPeriod
                        : periods.computeIfAbsent(new When(reader.frequency(), reader.zone(), reader.sendHour()),
                                when -> schedule.current(when.frequency(), when.zone(), when.sendHour(),
                                        run.startedAt()));
                Instant since = since(reader, until, run.manual());
                if ((run.manual() || due(reader, period)) && since.isBefore(until)) {
                    plans.add(new Plan(reader, period, since, until));
                }
            }
            return plans;
        }

        /** Chooses each plan's stories: whether it could. */
        private boolean chosen(List<Plan> plans, BitSet scratch) {
            try {
                select(plans, stories, scratch, owed);
                return true;
            } catch (DataAccessException e) {
                skipped(plans, e);
                return false;
            }
        }

        /**
         * Writes the batch's cursors and digests: the readers it pressed and the digests it queued. A reader erased
         * since the batch was read fails the whole transaction on its cursor's reference; the batch is then written
         * again without them, so that one erasure does not cost a thousand readers their digest of a manual run.
         *
         * @param alerted the stories known as alerts when the batch was chosen
         */
        private Tally written(List<Plan> plans, Set<Long> alerted, Slice slice) {
            try {
                return patiently(plans, alerted, slice);
            } catch (DataIntegrityViolationException e) {
                Set<Long> there = store.existing(plans.stream().map(plan -> plan.reader().id()).distinct().toList());
                List<Plan> remaining = plans.stream().filter(plan -> there.contains(plan.reader().id())).toList();
                if (remaining.size() == plans.size()) {
                    skipped(plans, e);
                    return Tally.NONE;
                }
                log.info("Digest run {} left out {} readers erased while it ran", run.id(),
                        plans.stream().map(plan -> plan.reader().id()).filter(id -> !there.contains(id)).distinct()
                                .count());
                return remaining.isEmpty() ? Tally.NONE : writtenOnce(remaining, alerted, slice);
            } catch (DataAccessException e) {
                skipped(plans, e);
                return Tally.NONE;
            }
        }

        /**
         * Writes the batch's cursors and digests, or, should that fail, rolls the batch back whole: the run goes on
         * with the next, and the next run takes these readers from where they were.
         */
        private Tally writtenOnce(List<Plan> plans, Set<Long> alerted, Slice slice) {
            try {
                return patiently(plans, alerted, slice);
            } catch (DataAccessException e) {
                skipped(plans, e);
                return Tally.NONE;
            }
        }

        /**
         * Writes the batch, again when a lock it needs was not granted in time: an alert holds the one a batch takes
         * last while it queues, seconds for a large audience, longer than H2 waits for a lock (H2's refusal reads as
         * a query's timeout; a deadlock's victim as a locking failure).
         */
        private Tally patiently(List<Plan> plans, Set<Long> alerted, Slice slice) {
            long giveUp = System.nanoTime() + PATIENCE.toNanos();
            while (true) {
                try {
                    return write(plans, !run.manual(), run.coveredUntil(), alerted, slice);
                } catch (PessimisticLockingFailureException | QueryTimeoutException busy) {
                    if (System.nanoTime() - giveUp > 0) {
                        throw busy;
                    }
                }
            }
        }

        private void skipped(List<Plan> plans, DataAccessException e) {
            log.error("Digest run {} skipped readers {} to {}", run.id(), plans.get(0).reader().id(),
                    plans.get(plans.size() - 1).reader().id(), e);
        }
    }

    /**
     * What the batch being written did, once it is written (nothing for none): a run returns only once all its
     * batches are, so that a slice marked pressed is pressed. An interrupt waits for the write all the same and is
     * kept for the caller.
     */
    private static Tally done(Future<Tally> writing) {
        if (writing == null) {
            return Tally.NONE;
        }
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return writing.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException failure) {
                        throw failure;
                    }
                    throw new IllegalStateException(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Whether the schedule owes the reader the period's digest. A reader the schedule has not handled yet gets a
     * period that starts after they began reading (so a reader who confirms at noon starts tomorrow at their hour,
     * not at once); after that, each period that follows the last one handled.
     */
    private static boolean due(Reader reader, Period period) {
        // After a pause, the first period is one that begins once it is over: no digest at midnight for the
        // period that began while it lasted.
        if (reader.pausedUntil() != null && period.sendsAt().isBefore(reader.pauseEnd())) {
            return false;
        }
        if (reader.period() == null) {
            return Schedule.startsAfter(period, reader.hasCursor() ? reader.coveredUntil() : reader.confirmedAt());
        }
        if (period.sameKindAs(reader.period())) {
            return period.isAfter(reader.period());
        }
        // The reader changed frequency: the new kind of period counts once it starts after their last digest.
        return Schedule.startsAfter(period, reader.coveredUntil());
    }

    /**
     * Stories published after this go into the reader's next digest. A scheduled first digest reaches back a day (a
     * week) from when it was due: one that comes late, Dispatch having been down then, still holds what it would have
     * held (until 8 December it reached back from the late run, and a reader who signed up the evening before a
     * three-day outage never had the stories of that evening).
     */
    private Instant since(Reader reader, Instant until, boolean manual) {
        Instant since;
        if (reader.hasCursor()) {
            since = reader.coveredUntil();
        } else {
            // An editor's "send now" holds the last day, as the contract has it, whenever the reader joined.
            Instant due = manual || reader.confirmedAt() == null ? until
                    : schedule.firstSendsAt(reader.frequency(), reader.zone(), reader.sendHour(), reader.confirmedAt());
            since = (due.isBefore(until) ? due : until).minus(Schedule.firstWindow(reader.frequency()));
        }
        Instant oldest = until.minus(settings.maxStoryAge());
        // Nothing released during a pause comes afterwards: no flood on return.
        if (reader.pausedUntil() != null && since.isBefore(reader.pauseEnd())) {
            since = reader.pauseEnd();
        }
        return since.isBefore(oldest) ? oldest : since;
    }

    private void select(List<Plan> plans, Stories stories, BitSet scratch, boolean anyOwed) {
        Instant earliest = plans.get(0).since();
        List<Long> ids = new ArrayList<>(plans.size());
        for (Plan plan : plans) {
            ids.add(plan.reader().id());
            earliest = plan.since().isBefore(earliest) ? plan.since() : earliest;
        }
        StoryIndex index = stories.reachingBack(earliest);
        Map<Long, List<Followed>> tags = store.resolvedTags(ids);
        // A story a reader had as an alert stays out of their digest.
        Map<Long, List<Long>> alerted = deliveries.alertedTo(ids.get(0), ids.get(ids.size() - 1),
                stories.alerted());
        Map<Long, Rhythms> rhythms = new HashMap<>();
        for (Plan plan : plans) {
            rhythms.computeIfAbsent(plan.reader().id(), id -> Rhythms.of(tags.getOrDefault(id, List.of()),
                    plan.reader().ownFrequency()));
        }
        // A story a reader whose tags go, or went, at several rhythms already had in one of their digests stays out
        // of the others: a tag that changes rhythm brings back nothing, and a new rhythm's first digest may reach
        // back as a new reader's does.
        Set<Long> had = store.withRhythms(ids.get(0), ids.get(ids.size() - 1));
        Set<Long> several = rhythms.entrySet().stream()
                .filter(entry -> entry.getValue().several() || had.contains(entry.getKey()))
                .map(Map.Entry::getKey).collect(Collectors.toSet());
        Map<Long, List<Long>> digested = deliveries.digestedTo(several, earliest);
        // Each reader's digest of their own frequency first, with what they are owed; then those of their tags'
        // other rhythms, which leave out what it holds, as they would once it is queued.
        Map<Long, Plan> ownDigests = new HashMap<>();
        for (Plan plan : plans) {
            if (!plan.reader().rhythm()) {
                choose(plan, index, scratch, rhythms, alerted.getOrDefault(plan.reader().id(), List.of()),
                        digested.getOrDefault(plan.reader().id(), List.of()));
                ownDigests.put(plan.reader().id(), plan);
            }
        }
        if (anyOwed) {
            owe(plans, alerted);
        }
        List<DigestStore.FollowUp> followUps = stories.followUps();
        for (Plan plan : ownDigests.values()) {
            develop(plan, followUps, alerted.getOrDefault(plan.reader().id(), List.of()),
                    digested.getOrDefault(plan.reader().id(), List.of()));
        }
        for (Plan plan : plans) {
            if (plan.reader().rhythm()) {
                List<Long> digestedTo = digested.getOrDefault(plan.reader().id(), List.of());
                Plan ownDigest = ownDigests.get(plan.reader().id());
                if (ownDigest != null && several.contains(plan.reader().id())) {
                    digestedTo = concat(digestedTo, boxed(ownDigest.selection.articleIds()));
                    digestedTo.addAll(ownDigest.followUps);
                }
                List<Long> alertedTo = alerted.getOrDefault(plan.reader().id(), List.of());
                choose(plan, index, scratch, rhythms, alertedTo, digestedTo);
                develop(plan, followUps, alertedTo, digestedTo);
            }
        }
    }

    /**
     * Adds the follow-ups released in the plan's window of the stories its digest holds, and of those in turn, that
     * its tags did not bring. Nobody owed them to the reader: a follow-up is owed to who was sent its story when it is
     * published, and this reader gets that story only now.
     */
    private static void develop(Plan plan, List<DigestStore.FollowUp> followUps, List<Long> alertedTo,
                                List<Long> digestedTo) {
        if (followUps.isEmpty() || plan.selection.isEmpty() && plan.followUps.isEmpty()) {
            return;
        }
        long since = DigestStore.micros(plan.since());
        boolean grew;
        do {
            grew = false;
            for (DigestStore.FollowUp followUp : followUps) {
                long id = followUp.articleId();
                if (followUp.releasedMicros() > since && plan.holds(followUp.follows()) && !plan.holds(id)
                        && !alertedTo.contains(id) && !digestedTo.contains(id)) {
                    if (plan.followUps.isEmpty()) {
                        plan.followUps = new ArrayList<>();
                    }
                    plan.followUps.add(id);
                    grew = true;
                }
            }
        } while (grew);
    }

    /** The reader's stories for the plan's rhythm, without those left out: alerted, or had in another digest. */
    private void choose(Plan plan, StoryIndex index, BitSet scratch, Map<Long, Rhythms> rhythms,
                        List<Long> alertedTo, List<Long> digestedTo) {
        Reader reader = plan.reader();
        Rhythms own = rhythms.get(reader.id());
        List<Long> leftOut = digestedTo.isEmpty() ? alertedTo
                : alertedTo.isEmpty() ? digestedTo : concat(alertedTo, digestedTo);
        // A first digest reaches back a day (a week) by publication as well as by release, as the contract has it.
        long publishedAfter = reader.hasCursor() ? Long.MIN_VALUE : DigestStore.micros(plan.since());
        plan.selection = index.select(own.tagsAt(reader.frequency()), DigestStore.micros(plan.since()), publishedAfter,
                settings.maxArticles(), scratch, leftOut, own.tagsBefore(reader.frequency()));
    }

    /**
     * Adds what each reader is owed to their digest: corrections and retired tags' notices at its top, and follow-ups
     * of stories they read that
     * their tags did not bring (one they have through their tags or as an alert is not added twice). Only the
     * digest of the reader's own frequency carries them, so a reader whose tags go at several rhythms gets each once.
     */
    private void owe(List<Plan> plans, Map<Long, List<Long>> alerted) {
        Map<Long, DigestStore.Owed> owed = store.owed(plans.get(0).reader().id(),
                plans.get(plans.size() - 1).reader().id(), plans.get(0).until);
        for (Plan plan : plans) {
            DigestStore.Owed owes = owed.get(plan.reader().id());
            if (owes == null || plan.reader().rhythm()) {
                continue;
            }
            plan.owed = owes;
            List<Long> alertedTo = alerted.getOrDefault(plan.reader().id(), List.of());
            for (long followUp : owes.followUps()) {
                if (!plan.selection.contains(followUp) && !alertedTo.contains(followUp)) {
                    if (plan.followUps.isEmpty()) {
                        plan.followUps = new ArrayList<>();
                    }
                    plan.followUps.add(followUp);
                }
            }
        }
    }

    /**
     * One transaction: the cursors this run wins move to {@code now} and their digests are queued, each unless its
     * reader has one for the period already. Before it commits, it waits for any alert being queued; should one of
     * its stories have been sent as an alert since the batch was chosen, it is written again without that story for
     * the alert's readers.
     *
     * @param alerted the stories known as alerts when the batch was chosen, which its choice left out already
     * @param slice   the run's slice whose counts the batch adds to, in its transaction; null for none
     */
    private Tally write(List<Plan> plans, boolean scheduled, Instant now, Set<Long> alerted, Slice slice) {
        List<Long> late = new ArrayList<>();
        while (true) {
            Written written = transaction.execute(status -> {
                Map<Long, List<Long>> sent = new HashMap<>();
                Tally tally = writeOnce(plans, scheduled, now, late, sent);
                List<Long> meanwhile = store.alertedOnceQueued(now.minus(ALERTS_IN_FLIGHT)).stream()
                        .filter(id -> !alerted.contains(id) && !late.contains(id) && held(plans, id)).toList();
                if (!meanwhile.isEmpty()) {
                    status.setRollbackOnly();
                    return new Written(Tally.NONE, meanwhile);
                }
                store.oweLaterFollowUps(sent, plans.get(0).until);
                if (slice != null) {
                    store.count(slice, tally);
                }
                return new Written(tally, List.of());
            });
            if (written.alertedMeanwhile().isEmpty()) {
                return written.tally();
            }
            late.addAll(written.alertedMeanwhile());
        }
    }

    private static boolean held(List<Plan> plans, long articleId) {
        for (Plan plan : plans) {
            if (plan.holds(articleId)) {
                return true;
            }
        }
        return false;
    }

    /** A batch's transaction: what it did, or the stories alerted meanwhile it must leave out. */
    private record Written(Tally tally, List<Long> alertedMeanwhile) {
    }

    /**
     * Moves the cursors and queues the digests, without the stories alerted late to each reader: the readers whose
     * cursor this run moved (another press of the same slice has the others), and the digests queued.
     *
     * @param sent filled with the stories each reader's digest brings them, by reader
     */
    private Tally writeOnce(List<Plan> plans, boolean scheduled, Instant now, List<Long> late,
                            Map<Long, List<Long>> sent) {
        Map<Long, List<Long>> alertedTo = late.isEmpty() ? Map.of()
                : deliveries.alertedTo(plans.get(0).reader().id(), plans.get(plans.size() - 1).reader().id(), late);
        List<CursorMove> moves = new ArrayList<>(plans.size());
        for (Plan plan : plans) {
            moves.add(new CursorMove(plan.reader(), now, plan.period().key()));
        }
        boolean[] won = store.moveCursors(moves, scheduled, now);
        List<DigestOrder> orders = new ArrayList<>(plans.size());
        Map<Long, DigestStore.Owed> carried = new HashMap<>();
        for (int i = 0; i < plans.size(); i++) {
            Plan plan = plans.get(i);
            List<Long> leftOut = alertedTo.getOrDefault(plan.reader().id(), List.of());
            if (won[i] && (plan.owed != null || !plan.followUps.isEmpty())) {
                DigestStore.Owed owed = plan.owed != null ? plan.owed : DigestStore.Owed.nothing();
                List<Long> articles = boxed(plan.selection.articleIds());
                articles.addAll(plan.followUps);
                articles.removeAll(leftOut);
                if (!articles.isEmpty() || !owed.corrections().isEmpty() || !owed.retired().isEmpty()) {
                    orders.add(new DigestOrder(plan.reader().id(), plan.reader().email(), plan.period().of(),
                            articles, plan.selection.more(), plan.reader().frequency(), owed.corrections(),
                            without(plan.followUps, leftOut), owed.retired()));
                }
                if (plan.owed != null) {
                    carried.put(plan.reader().id(), plan.owed);
                }
            } else if (won[i] && !plan.selection.isEmpty()) {
                List<Long> articles = without(boxed(plan.selection.articleIds()), leftOut);
                if (!articles.isEmpty()) {
                    orders.add(new DigestOrder(plan.reader().id(), plan.reader().email(), plan.period().of(),
                            articles, plan.selection.more(), plan.reader().frequency()));
                }
            }
        }
        for (DigestOrder order : orders) {
            sent.put(order.subscriberId(), order.articleIds());
        }
        int digests = outbox.queueDigests(orders);
        if (!carried.isEmpty()) {
            store.settle(carried);
        }
        int pressed = 0;
        for (boolean moved : won) {
            pressed += moved ? 1 : 0;
        }
        return new Tally(pressed, digests);
    }

    private static List<Long> without(List<Long> stories, List<Long> left) {
        if (left.isEmpty() || stories.isEmpty()) {
            return stories;
        }
        List<Long> kept = new ArrayList<>(stories);
        kept.removeAll(left);
        return kept;
    }

    private static List<Long> concat(List<Long> first, List<Long> second) {
        List<Long> both = new ArrayList<>(first);
        both.addAll(second);
        return both;
    }

    /**
     * A reader's tags by rhythm. A story on tags of several rhythms belongs to the fastest of them, whose email goes
     * first (all go at the reader's hour): the slower rhythms leave it out.
     */
    private record Rhythms(List<String> all, Map<Frequency, List<String>> byRhythm) {

        static Rhythms of(List<Followed> followed, Frequency own) {
            List<String> all = new ArrayList<>(followed.size());
            Map<Frequency, List<String>> byRhythm = null;
            for (Followed tag : followed) {
                all.add(tag.tag());
                if (byRhythm == null && tag.rhythm() != null && tag.rhythm() != own) {
                    byRhythm = new EnumMap<>(Frequency.class);
                }
            }
            if (byRhythm == null) {
                return new Rhythms(all, null);
            }
            for (Followed tag : followed) {
                byRhythm.computeIfAbsent(tag.rhythm() == null ? own : tag.rhythm(), rhythm -> new ArrayList<>())
                        .add(tag.tag());
            }
            return new Rhythms(all, byRhythm);
        }

        boolean several() {
            return byRhythm != null && byRhythm.size() > 1;
        }

        List<String> tagsAt(Frequency rhythm) {
            return byRhythm == null ? all : byRhythm.getOrDefault(rhythm, List.of());
        }

        /** The tags of rhythms faster than this one. */
        List<String> tagsBefore(Frequency rhythm) {
            if (byRhythm == null) {
                return List.of();
            }
            List<String> faster = new ArrayList<>();
            byRhythm.forEach((other, tags) -> {
                if (other.compareTo(rhythm) < 0) {
                    faster.addAll(tags);
                }
            });
            return faster;
        }
    }

    private static List<Long> boxed(long[] ids) {
        List<Long> list = new ArrayList<>(ids.length);
        for (long id : ids) {
            list.add(id);
        }
        return list;
    }

    /** What a reader's schedule depends on. */
    private record When(Frequency frequency, ZoneId zone, int sendHour) {
    }

    /** A reader this run looks at, the period it would be their digest for, and what it found. */
    private static final class Plan {

        private final Reader reader;
        private final Period period;
        private final Instant since;
        private final Instant until;
        private StoryIndex.Selection selection = StoryIndex.Selection.NOTHING;
        /** What the reader is owed besides their tags' stories, when they are owed something; null when not. */
        private DigestStore.Owed owed;
        /** The follow-ups their digest adds to what their tags brought: none, for almost every reader. */
        private List<Long> followUps = List.of();

        Plan(Reader reader, Period period, Instant since, Instant until) {
            this.reader = reader;
            this.period = period;
            this.since = since;
            this.until = until;
        }

        /** Whether the digest holds the story, through the reader's tags or as a follow-up. */
        boolean holds(long articleId) {
            return selection.contains(articleId) || followUps.contains(articleId);
        }

        Reader reader() {
            return reader;
        }

        Period period() {
            return period;
        }

        Instant since() {
            return since;
        }
    }

    /**
     * The run's story index, loaded on first need and extended further back only as far as a batch's readers
     * need, never beyond {@code dispatch.digest.max-story-age}.
     */
    private final class Stories {

        private final StoryIndex index = new StoryIndex(settings.maxStoryBytes());
        private final List<Long> alerted = new ArrayList<>();
        private final List<DigestStore.FollowUp> followUps = new ArrayList<>();
        private final Instant floor;
        private Instant loadedAfter;

        Stories(Instant until, Instant floor) {
            this.floor = floor;
            this.loadedAfter = until;
        }

        StoryIndex reachingBack(Instant since) {
            Instant from = since.isBefore(floor) ? floor : since;
            if (from.isBefore(loadedAfter)) {
                index.append(store.stories(from, loadedAfter, floor));
                alerted.addAll(store.alertedStories(from, loadedAfter));
                followUps.addAll(store.followUps(from, loadedAfter, floor));
                loadedAfter = from;
            }
            return index;
        }

        /** The stories loaded so far that were sent as alerts. */
        List<Long> alerted() {
            return alerted;
        }

        /** The follow-ups loaded so far, tagged or not. */
        List<DigestStore.FollowUp> followUps() {
            return followUps;
        }
    }
}
