package news.dispatch.scheduler.digest;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

import javax.management.ListenerNotFoundException;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;
import news.dispatch.core.subscriber.Frequency;
import news.dispatch.mailer.outbox.Outbox;
import news.dispatch.mailer.outbox.Outbox.DigestOrder;
import news.dispatch.core.testing.MutableClock;
import news.dispatch.mailer.outbox.DeliveryPeriod;
import news.dispatch.scheduler.Newsroom;
import news.dispatch.scheduler.SchedulerTestApplication;
import news.dispatch.scheduler.digest.Digests.DigestRun;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.FileSystemUtils;

/**
 * How long the schedule takes to select and queue every digest of a big newsroom, and how much heap it needs.
 * Not a test: it prints figures (and fails only if the set-based digests differ from the naive ones).
 *
 * <p>A newsroom of 100,000 (then 200,000) ACTIVE daily readers in eight time zones, each following 3–8 of 200 tags,
 * a fifth of them with one tag at a rhythm of its own (as it happens, or weekly),
 * on H2 in files as the app runs by default (commits written at once). Every day brings 5,000 stories with 1–3 tags
 * each, and the schedule run of that day selects and queues every reader's digest; three days are timed and the
 * median is reported (the first day writes every reader's first cursor, the others move them). Beside it, the
 * naive loop (one query per reader for its stories, then that reader's writes) is timed on three samples of 2,000
 * readers and extrapolated.
 *
 * <p>Run it with {@code ./mvnw -B -q -pl scheduler -am -Pbenchmark verify -DskipTests}, which starts it in a JVM
 * of its own with {@code -Xmx256m}.
 */
public final class DigestBenchmark {

    static final Instant FIRST_DAY = Instant.parse("2025-11-27T12:00:00Z");
    static final int TAGS = 200;
    static final int STORIES_A_DAY = 5_000;
    static final int DAYS = 3;
    static final int SAMPLE = 2_000;
    static final List<String> ZONES = List.of("UTC", "Europe/Berlin", "Europe/Kyiv", "America/New_York",
            "America/Los_Angeles", "Asia/Kolkata", "Asia/Tokyo", "Australia/Sydney");
    static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** The naive way: one query per reader. */
    static final String NAIVE = """
            select distinct a.id, a.published_at
              from subscriber_tag st
              join article_tag t on t.tag_key = st.tag_key
              join article a on a.id = t.article_id
             where st.subscriber_id = ? and a.published_at > ? and a.published_at <= ?
             order by a.published_at desc, a.id desc
            """;

    private DigestBenchmark() {
    }

    /**
     * One timed piece of work: wall-clock time, CPU time of the threads that did it (the calling thread and the
     * threads that write a run's batches behind it), CPU time of the whole process (every thread: workers, GC, JIT),
     * GC time, heap peak.
     */
    public record Timing(long millis, long cpuMillis, long processCpuMillis, long gcMillis, long peakHeap) {

        /**
         * Times the work. The heap's peak, garbage included, is what a collection found before it began: the heap
         * only grows between collections. The collectors say so themselves; a thread that polled the heap every
         * millisecond took 0.8 s of CPU in a signed delivery of 55 s, 1% of what the delivery measured.
         */
        public static <T> Measured<T> of(Supplier<T> work) {
            System.gc();
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            AtomicLong peak = new AtomicLong(memory.getHeapMemoryUsage().getUsed());
            Set<String> heap = new HashSet<>();
            ManagementFactory.getMemoryPoolMXBeans().stream().filter(pool -> pool.getType() == MemoryType.HEAP)
                    .forEach(pool -> heap.add(pool.getName()));
            NotificationListener collected = (notification, handback) -> {
                if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                    long before = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData())
                            .getGcInfo().getMemoryUsageBeforeGc().entrySet().stream()
                            .filter(pool -> heap.contains(pool.getKey()))
                            .mapToLong(pool -> pool.getValue().getUsed()).sum();
                    peak.accumulateAndGet(before, Math::max);
                }
            };
            List<NotificationEmitter> collectors = ManagementFactory.getGarbageCollectorMXBeans().stream()
                    .map(NotificationEmitter.class::cast).toList();
            collectors.forEach(collector -> collector.addNotificationListener(collected, null, null));
            try {
                long gc = collectionMillis();
                long cpu = workCpuNanos();
                long processCpu = processCpuNanos();
                long started = System.nanoTime();
                T result = work.get();
                long millis = (System.nanoTime() - started) / 1_000_000;
                long cpuMillis = (workCpuNanos() - cpu) / 1_000_000;
                long processCpuMillis = (processCpuNanos() - processCpu) / 1_000_000;
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                return new Measured<>(result, new Timing(millis, cpuMillis, processCpuMillis,
                        collectionMillis() - gc, peak.get()));
            } finally {
                for (NotificationEmitter collector : collectors) {
                    try {
                        collector.removeNotificationListener(collected);
                    } catch (ListenerNotFoundException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }

        /**
         * The CPU time of the calling thread and of the digest writers so far. The writers live on between runs (a
         * pool keeps them a minute), so the difference of two readings is what a run used.
         */
        private static long workCpuNanos() {
            long nanos = THREADS.getCurrentThreadCpuTime();
            for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
                if (info != null && info.getThreadName().equals("dispatch-digest-writer")) {
                    nanos += Math.max(0, THREADS.getThreadCpuTime(info.getThreadId()));
                }
            }
            return nanos;
        }

        private static long processCpuNanos() {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
        }

        private static long collectionMillis() {
            return ManagementFactory.getGarbageCollectorMXBeans().stream()
                    .mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
        }
    }

    public record Measured<T>(T result, Timing timing) {
    }

    /** A newsroom's days, and the median one. */
    public record Days(int readers, List<Measured<DigestRun>> runs) {

        Timing median() {
            List<Timing> sorted = runs.stream().map(Measured::timing)
                    .sorted(Comparator.comparingLong(Timing::millis)).toList();
            return sorted.get(sorted.size() / 2);
        }

        long peakHeap() {
            return runs.stream().mapToLong(run -> run.timing().peakHeap()).max().orElseThrow();
        }

        int queued() {
            return runs.get(0).result().queued();
        }
    }

    /** The naive loop's samples, and what it would take for every reader. */
    public record Baseline(int sample, List<Timing> samples, List<Long> queryMillis, Map<Long, DigestOrder> firstSample) {

        public Timing median() {
            List<Timing> sorted = samples.stream().sorted(Comparator.comparingLong(Timing::millis)).toList();
            return sorted.get(sorted.size() / 2);
        }

        /** The time its queries took, without the writes. */
        public double queryMillisFor(int readers) {
            return queryMillis.stream().sorted().toList().get(queryMillis.size() / 2) * (double) readers / sample;
        }

        public double millisFor(int readers) {
            return median().millis() * (double) readers / sample;
        }

        public double cpuMillisFor(int readers) {
            return median().cpuMillis() * (double) readers / sample;
        }
    }

    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args.length > 0 ? args[0] : "target/benchmark");
        System.out.printf(Locale.ROOT, "Digest benchmark: %d cores, Java %s, max heap %d MB, H2 %s in files under %s;"
                        + " load average %.2f%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20,
                org.h2.engine.Constants.VERSION, directory, load());

        Baseline baseline;
        Days hundred;
        Timing selection;
        Timing outboxAlone;
        try (BigNewsroom room = new BigNewsroom(directory.resolve("100k"), 100_000)) {
            baseline = room.baseline();
            selection = room.selectionAlone();
            hundred = room.days(baseline);
            outboxAlone = room.outboxAlone();
        }
        Days twoHundred;
        try (BigNewsroom room = new BigNewsroom(directory.resolve("200k"), 200_000)) {
            twoHundred = room.days(null);
        }

        Timing h = hundred.median();
        Timing t = twoHundred.median();
        double naive = baseline.millisFor(hundred.readers());
        double naiveCpu = baseline.cpuMillisFor(hundred.readers());
        System.out.println();
        System.out.printf(Locale.ROOT, "Medians of %d days and of %d naive samples; load average at the end %.2f%n",
                DAYS, baseline.samples().size(), load());
        System.out.println();
        System.out.println("| run | readers | digests queued | time | CPU time | GC | readers/s | peak heap |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
        row("set-based schedule run", hundred.readers(), hundred.queued(), h, hundred.peakHeap());
        row("set-based schedule run", twoHundred.readers(), twoHundred.queued(), t, twoHundred.peakHeap());
        System.out.printf(Locale.ROOT, "| naive loop, one query per reader (%,d readers timed, extrapolated) | %,d | "
                        + "%,d | %.1f s | %.1f s | — | %,.0f | — |%n", baseline.sample(), hundred.readers(),
                hundred.readers(), naive / 1000, naiveCpu / 1000, baseline.sample() * 1000.0 / baseline.median().millis());
        System.out.println();
        System.out.printf(Locale.ROOT, "100k readers: %.2f s (target ≤ 5 s)%n", h.millis() / 1000.0);
        System.out.printf(Locale.ROOT, "speed-up over the naive loop: %.0f× in time, %.0f× in CPU time (target ≥ 20×)%n",
                naive / h.millis(), naiveCpu / h.cpuMillis());
        System.out.printf(Locale.ROOT, "  selecting alone (reading readers, tags and stories, choosing each digest): "
                        + "%.2f s set-based, %.1f s in the naive loop's queries: %.0f×%n", selection.millis() / 1000.0,
                baseline.queryMillisFor(hundred.readers()) / 1000, baseline.queryMillisFor(hundred.readers())
                        / selection.millis());
        System.out.printf(Locale.ROOT, "  queueing alone (the outbox's insert of 100,000 digests, the same for both "
                + "ways): %.2f s%n", outboxAlone.millis() / 1000.0);
        System.out.printf(Locale.ROOT, "cost(200k) / cost(100k): %.2f in time, %.2f in CPU time (target ≤ 2.2)%n",
                (double) t.millis() / h.millis(), (double) t.cpuMillis() / h.cpuMillis());
        System.out.printf(Locale.ROOT, "peak heap: %d MB, in a JVM of at most %d MB (target ≤ 256 MB)%n",
                Math.max(hundred.peakHeap(), twoHundred.peakHeap()) >> 20, Runtime.getRuntime().maxMemory() >> 20);
    }

    private static void row(String name, int readers, int queued, Timing timing, long peakHeap) {
        System.out.printf(Locale.ROOT, "| %s | %,d | %,d | %.2f s | %.2f s | %.2f s | %,.0f | %d MB |%n", name,
                readers, queued, timing.millis() / 1000.0, timing.cpuMillis() / 1000.0, timing.gcMillis() / 1000.0,
                readers * 1000.0 / timing.millis(), peakHeap >> 20);
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static String describe(Timing timing) {
        return String.format(Locale.ROOT, "%.2f s (CPU %.2f s, GC %.2f s, heap peak %d MB)", timing.millis() / 1000.0,
                timing.cpuMillis() / 1000.0, timing.gcMillis() / 1000.0, timing.peakHeap() >> 20);
    }

    /**
     * What a newsroom looks like beyond its size.
     *
     * @param skewed    tags chosen by popularity (Zipf, exponent 1: the first tag ten times as likely as the tenth),
     *                  by readers and stories alike; otherwise uniformly
     * @param realistic stories with titles, summaries, authors and links of a newsroom's length (summaries of some
     *                  300 characters, some of it non-ASCII); otherwise a few words each
     * @param settings  more command-line settings for the context (mail, connections, a database other than the
     *                  H2 files of the default run …)
     * @param before    runs on the context before it is refreshed, to register beans of the caller's
     */
    public record Shape(boolean skewed, boolean realistic, List<String> settings,
                        Consumer<GenericApplicationContext> before) {

        /** Uniform tags, short stories, mail queued but never sent: the digest benchmark's newsroom. */
        static final Shape PLAIN = new Shape(false, false, List.of("--dispatch.mail.enabled=false"), context -> {
        });
    }

    /** One newsroom in its own H2 file database and Spring context. */
    public static final class BigNewsroom implements AutoCloseable {

        private static final List<String> WORDS = List.of("council", "approves", "plan", "to", "rebuild", "flood",
                "defences", "along", "the", "river", "after", "two-year", "dispute", "ministers", "agree", "budget",
                "airline", "strike", "ends", "talks", "résumé", "Zürich", "São Paulo", "election", "results",
                "court", "rules", "on", "migration", "deal", "€12m", "researchers", "find", "new", "evidence", "of",
                "warming", "oceans", "“managed retreat”", "vote", "delayed", "until", "spring", "— officials say");

        private final int readers;
        private final Shape shape;
        private final ConfigurableApplicationContext context;
        private final JdbcTemplate jdbc;
        private final MutableClock clock;
        private final Random random = new Random(42);
        private final double[] popularity = new double[TAGS];
        private int stories;

        BigNewsroom(Path directory, int readers) throws IOException {
            this(directory, readers, Shape.PLAIN);
        }

        public BigNewsroom(Path directory, int readers, Shape shape) throws IOException {
            this.readers = readers;
            this.shape = shape;
            double sum = 0;
            for (int tag = 0; tag < TAGS; tag++) {
                sum += shape.skewed() ? 1.0 / (tag + 1) : 1.0;
                popularity[tag] = sum;
            }
            for (int tag = 0; tag < TAGS; tag++) {
                popularity[tag] /= sum;
            }
            FileSystemUtils.deleteRecursively(directory);
            Files.createDirectories(directory);
            List<String> settings = new ArrayList<>(List.of(
                    "--spring.quartz.scheduler-name=benchmark-" + readers, "--spring.quartz.auto-startup=false",
                    "--spring.main.banner-mode=off", "--logging.level.root=WARN",
                    "--logging.level.news.dispatch=WARN",
                    // The H2 file is packed in any second without a write, such as those before a measured run or
                    // while the naive loop and the raw client read: work a newsroom does between two mornings.
                    "--dispatch.h2.pack-when-quiet=false"));
            if (shape.settings().stream().noneMatch(setting -> setting.startsWith("--spring.datasource.url="))) {
                // As the app opens its default database (retry: reopens the file after an interrupt).
                settings.add("--spring.datasource.url=jdbc:h2:file:retry:"
                        + directory.toAbsolutePath().resolve("dispatch")
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0");
            }
            settings.addAll(shape.settings());
            context = new SpringApplicationBuilder(SchedulerTestApplication.class)
                    .web(WebApplicationType.NONE)
                    .logStartupInfo(false)
                    .initializers(context -> shape.before().accept((GenericApplicationContext) context))
                    .run(settings.toArray(String[]::new));
            clock = context.getBean(MutableClock.class);
            jdbc = context.getBean(JdbcTemplate.class);
            long started = System.nanoTime();
            loadReaders();
            publishTheDaysStories(day(0));
            jdbc.execute("analyze");
            System.out.printf(Locale.ROOT, "%nNewsroom of %,d readers following %,d tags in all (%s), %,d stories a "
                    + "day; loaded in %.1f s%n", readers, count("subscriber_tag"),
                    shape.skewed() ? "popularity skewed" : "uniformly", STORIES_A_DAY,
                    (System.nanoTime() - started) / 1e9);
        }

        public ConfigurableApplicationContext context() {
            return context;
        }

        public MutableClock clock() {
            return clock;
        }

        public int readers() {
            return readers;
        }

        /** Noon of the given day of the benchmark, when its schedule run happens. */
        public static Instant day(int day) {
            return FIRST_DAY.plus(Duration.ofDays(day));
        }

        private long count(String table) {
            return jdbc.queryForObject("select count(*) from " + table, Long.class);
        }

        private void loadReaders() {
            OffsetDateTime created = FIRST_DAY.minus(Duration.ofDays(2)).atOffset(ZoneOffset.UTC);
            List<Object[]> tags = new ArrayList<>();
            for (int tag = 0; tag < TAGS; tag++) {
                tags.add(new Object[] {"tag-" + tag, "Tag-" + tag, created});
            }
            jdbc.batchUpdate("insert into tag (tag_key, label, created_at) values (?, ?, ?)", tags);
            for (int from = 1; from <= readers; from += 10_000) {
                List<Object[]> rows = new ArrayList<>();
                List<Object[]> follows = new ArrayList<>();
                for (int id = from; id < from + 10_000 && id <= readers; id++) {
                    rows.add(new Object[] {id, "reader" + id + "@example.com", "reader" + id + "@example.com",
                            ZONES.get(id % ZONES.size()), random.nextInt(24), created, created, created});
                    boolean ownRhythm = id > SAMPLE && id % 5 == 0;
                    for (int tag : distinct(3 + random.nextInt(6))) {
                        // A fifth of the readers (beyond the sample compared with the naive loop) have their first
                        // tag at a rhythm of its own: as it happens or weekly.
                        follows.add(new Object[] {id, "tag-" + tag,
                                ownRhythm ? (id % 10 == 0 ? "IMMEDIATE" : "WEEKLY") : null});
                        ownRhythm = false;
                    }
                }
                jdbc.batchUpdate("""
                        insert into subscriber (id, email, email_key, status, frequency, timezone, send_hour, alerts,
                                                link_generation, created_at, confirmed_at, updated_at)
                        values (?, ?, ?, 'ACTIVE', 'DAILY', ?, ?, true, 0, ?, ?, ?)
                        """, rows);
                jdbc.batchUpdate("insert into subscriber_tag (subscriber_id, tag_key, frequency) values (?, ?, ?)",
                        follows);
            }
        }

        /** The day's stories, published over the 23 hours before noon, each with 1–3 tags. */
        public void publishTheDaysStories(Instant noon) {
            List<Object[]> rows = new ArrayList<>();
            List<Object[]> storyTags = new ArrayList<>();
            for (int i = 0; i < STORIES_A_DAY; i++) {
                int id = ++stories;
                OffsetDateTime published = noon.minusSeconds(60 + random.nextInt(23 * 3600)).atOffset(ZoneOffset.UTC);
                if (shape.realistic()) {
                    rows.add(new Object[] {id, "Story " + id + ": " + words(6 + random.nextInt(8)),
                            words(35 + random.nextInt(30)) + ".", random.nextInt(3) == 0 ? null : "Ana Müller",
                            random.nextInt(3) == 0 ? null : "https://news.example/2025/story-" + id, published,
                            published, published});
                } else {
                    rows.add(new Object[] {id, "Story " + id, "Summary of story " + id, null, null, published,
                            published, published});
                }
                int position = 0;
                for (int tag : distinct(1 + random.nextInt(3))) {
                    storyTags.add(new Object[] {id, "tag-" + tag, position++});
                }
            }
            jdbc.batchUpdate("insert into article (id, title, summary, author, url, published_at, created_at,"
                    + " released_at) values (?, ?, ?, ?, ?, ?, ?, ?)", rows);
            jdbc.batchUpdate("insert into article_tag (article_id, tag_key, position) values (?, ?, ?)", storyTags);
        }

        private Set<Integer> distinct(int count) {
            Set<Integer> tags = new LinkedHashSet<>();
            while (tags.size() < count) {
                if (shape.skewed()) {
                    int tag = Arrays.binarySearch(popularity, random.nextDouble());
                    tags.add(Math.min(TAGS - 1, tag >= 0 ? tag : -tag - 1));
                } else {
                    tags.add(random.nextInt(TAGS));
                }
            }
            return tags;
        }

        private String words(int count) {
            StringBuilder words = new StringBuilder();
            for (int i = 0; i < count; i++) {
                words.append(i == 0 ? "" : " ").append(WORDS.get(random.nextInt(WORDS.size())));
            }
            return words.toString();
        }

        /** The schedule's run at noon of each day, every reader due; the first compared with the naive loop. */
        public Days days(Baseline baseline) {
            Digests digests = context.getBean(Digests.class);
            List<Measured<DigestRun>> runs = new ArrayList<>();
            for (int day = 0; day < DAYS; day++) {
                if (day > 0) {
                    publishTheDaysStories(day(day));
                }
                clock.set(day(day));
                Measured<DigestRun> run = Timing.of(digests::runSchedule);
                System.out.printf(Locale.ROOT, "day %d, set-based schedule run: %,d readers, %,d digests queued in %s%n",
                        day + 1, run.result().considered(), run.result().queued(), describe(run.timing()));
                if (day == 0 && baseline != null) {
                    compareWith(baseline);
                }
                runs.add(run);
            }
            clock.set(day(DAYS - 1).plus(Duration.ofMinutes(1)));
            Measured<DigestRun> idle = Timing.of(digests::runSchedule);
            System.out.printf(Locale.ROOT, "a tick a minute later, nobody due: %,d digests queued in %s%n",
                    idle.result().queued(), describe(idle.timing()));
            return new Days(readers, runs);
        }

        /**
         * The naive loop, warmed up on a few readers, then timed on three samples across the ids; what it wrote
         * is forgotten, so the set-based run starts afresh.
         */
        public Baseline baseline() {
            clock.set(day(0));
            naive(readersFrom(readers / 4, SAMPLE / 4), new HashMap<>());
            List<Timing> samples = new ArrayList<>();
            List<Long> queryMillis = new ArrayList<>();
            Map<Long, DigestOrder> firstSample = new HashMap<>();
            for (int from : List.of(0, readers / 2, readers - SAMPLE)) {
                List<Map<String, Object>> sample = readersFrom(from, SAMPLE);
                Measured<Long> measured = Timing.of(() -> naive(sample, from == 0 ? firstSample : new HashMap<>()));
                System.out.printf(Locale.ROOT, "naive loop, readers %,d to %,d: %s, %.2f ms per reader, %.2f ms of it "
                                + "in its query%n", from + 1, from + SAMPLE, describe(measured.timing()),
                        (double) measured.timing().millis() / SAMPLE, measured.result() / 1e6 / SAMPLE);
                samples.add(measured.timing());
                queryMillis.add(measured.result() / 1_000_000);
            }
            // Not truncated: the mail that came back refers to deliveries, and H2 truncates no table referred to.
            jdbc.execute("delete from delivery");
            jdbc.execute("truncate table digest_cursor");
            return new Baseline(SAMPLE, samples, queryMillis, firstSample);
        }

        /**
         * The set-based selection of the first day alone, with the run's own statements and index but no writes:
         * every reader's stories chosen, nothing queued.
         */
        public Timing selectionAlone() {
            DigestStore store = context.getBean(DigestStore.class);
            int max = context.getBean(DigestSettings.class).maxArticles();
            int batchSize = context.getBean(DigestSettings.class).batchSize();
            Instant until = day(0).minus(DigestPress.SETTLE);
            long since = DigestStore.micros(until.minus(Duration.ofDays(1)));
            Measured<Integer> measured = Timing.of(() -> {
                StoryIndex index = new StoryIndex();
                index.append(store.stories(until.minus(Duration.ofDays(1)), until,
                        until.minus(context.getBean(DigestSettings.class).maxStoryAge())));
                BitSet scratch = new BitSet();
                int chosen = 0;
                long after = 0;
                List<DigestStore.Reader> batch;
                do {
                    batch = store.readers(EnumSet.of(Frequency.DAILY), after, Long.MAX_VALUE, batchSize);
                    if (batch.isEmpty()) {
                        break;
                    }
                    after = batch.get(batch.size() - 1).id();
                    Map<Long, List<DigestStore.Followed>> tags =
                            store.tags(batch.stream().map(DigestStore.Reader::id).toList());
                    for (DigestStore.Reader reader : batch) {
                        chosen += index.select(tags.getOrDefault(reader.id(), List.of()).stream()
                                        .map(DigestStore.Followed::tag).toList(), since, max, scratch)
                                .articleIds().length;
                    }
                } while (batch.size() == batchSize);
                return chosen;
            });
            System.out.printf(Locale.ROOT, "set-based selection alone, no writes: %,d stories chosen in %s%n",
                    measured.result(), describe(measured.timing()));
            return measured.timing();
        }

        /** The outbox's own cost: as many digests as readers queued in batches, nothing else; then forgotten. */
        public Timing outboxAlone() {
            Outbox outbox = context.getBean(Outbox.class);
            TransactionTemplate transaction = context.getBean(TransactionTemplate.class);
            List<Long> stories = new ArrayList<>();
            for (long id = 1; id <= 20; id++) {
                stories.add(id);
            }
            DeliveryPeriod alone = new DeliveryPeriod.Run("outbox alone");
            Timing timing = Timing.of(() -> {
                for (int from = 1; from <= readers; from += 1_000) {
                    List<DigestOrder> orders = new ArrayList<>(1_000);
                    for (int id = from; id < from + 1_000 && id <= readers; id++) {
                        orders.add(new DigestOrder(id, "reader" + id + "@example.com", alone, stories, 3));
                    }
                    transaction.executeWithoutResult(status -> outbox.queueDigests(orders));
                }
                return null;
            }).timing();
            System.out.printf(Locale.ROOT, "outbox alone, %,d digests queued in batches of 1,000: %s%n", readers,
                    describe(timing));
            return timing;
        }

        private List<Map<String, Object>> readersFrom(int after, int count) {
            return jdbc.queryForList("""
                    select id, email from subscriber where status = 'ACTIVE' and frequency = 'DAILY' and id > ?
                     order by id limit ?""", after, count);
        }

        /**
         * For each reader: one query for their new stories, then their cursor and their digest's delivery.
         *
         * @return nanoseconds spent in the queries
         */
        private long naive(List<Map<String, Object>> sample, Map<Long, DigestOrder> orders) {
            JdbcClient client = context.getBean(JdbcClient.class);
            Outbox outbox = context.getBean(Outbox.class);
            TransactionTemplate transaction = context.getBean(TransactionTemplate.class);
            int max = context.getBean(DigestSettings.class).maxArticles();
            OffsetDateTime since = clock.instant().minus(Duration.ofDays(1)).atOffset(ZoneOffset.UTC);
            OffsetDateTime until = clock.instant().atOffset(ZoneOffset.UTC);
            long querying = 0;
            for (Map<String, Object> reader : sample) {
                long id = ((Number) reader.get("id")).longValue();
                long started = System.nanoTime();
                List<Long> matches = client.sql(NAIVE).params(id, since, until)
                        .query((rs, row) -> rs.getLong(1)).list();
                querying += System.nanoTime() - started;
                if (matches.isEmpty()) {
                    continue;
                }
                DigestOrder order = new DigestOrder(id, (String) reader.get("email"), new DeliveryPeriod.Run("naive"),
                        matches.subList(0, Math.min(max, matches.size())), Math.max(0, matches.size() - max));
                transaction.executeWithoutResult(status -> {
                    client.sql("insert into digest_cursor (subscriber_id, covered_until, period, updated_at) "
                            + "values (?, ?, 'naive', ?)").params(id, until, until).update();
                    outbox.queueDigests(List.of(order));
                });
                orders.put(id, order);
            }
            return querying;
        }

        /** The two ways must build the same digest for every reader of the first sample. */
        private void compareWith(Baseline baseline) {
            int same = 0;
            for (Newsroom.Queued queued : context.getBean(Newsroom.class).queued(SAMPLE)) {
                DigestOrder naive = baseline.firstSample().get(queued.subscriberId());
                if (naive != null && naive.articleIds().equals(queued.articleIds()) && naive.more() == queued.more()) {
                    same++;
                }
            }
            System.out.printf(Locale.ROOT, "digests identical to the naive loop's: %,d of %,d sampled readers%n", same,
                    baseline.firstSample().size());
            if (same != baseline.firstSample().size()) {
                throw new IllegalStateException("the set-based digests differ from the naive ones");
            }
        }

        @Override
        public void close() {
            context.close();
        }
    }
}
