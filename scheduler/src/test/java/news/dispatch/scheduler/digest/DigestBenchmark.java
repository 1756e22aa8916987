package news.dispatch.scheduler.digest;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import news.dispatch.mailer.outbox.Outbox;
import news.dispatch.mailer.outbox.Outbox.DigestOrder;
import news.dispatch.scheduler.MutableClock;
import news.dispatch.scheduler.Newsroom;
import news.dispatch.scheduler.SchedulerTestApplication;
import news.dispatch.scheduler.digest.Digests.DigestRun;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.FileSystemUtils;

/**
 * How long the schedule takes to select and queue every digest of a big newsroom, and how much heap it needs:
 * 100,000 (then 200,000) ACTIVE daily readers following 3–8 of 200 tags, 5,000 new stories with 1–3 tags each,
 * on H2 in file mode as the app runs by default. Beside it, the naive loop (one query per reader for its stories,
 * then its writes), timed on a sample and extrapolated. Not a test: it prints figures. Run it with
 * {@code ./mvnw -B -q -pl scheduler -am -Pbenchmark verify -DskipTests}, which gives it {@code -Xmx256m}.
 */
public final class DigestBenchmark {

    static final Instant NOW = Instant.parse("2025-11-27T12:00:00Z");
    static final int TAGS = 200;
    static final int STORIES = 5_000;
    static final int BASELINE_SAMPLE = 2_000;
    static final int REPEATS = 3;
    static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    static final List<String> ZONES = List.of("UTC", "Europe/Berlin", "Europe/Kyiv", "America/New_York",
            "America/Los_Angeles", "Asia/Kolkata", "Asia/Tokyo", "Australia/Sydney");

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

    /** One timed run: wall-clock and CPU time of the thread that ran it, and the heap's peak during it. */
    record Figures(int readers, long millis, long cpuMillis, DigestRun run, long peakHeap) {
    }

    /** The median of a size's repeated runs, and the highest peak of heap among them. */
    record Result(int readers, List<Figures> runs) {

        Figures median() {
            List<Figures> sorted = runs.stream().sorted(Comparator.comparingLong(Figures::millis)).toList();
            return sorted.get(sorted.size() / 2);
        }

        long peakHeap() {
            return runs.stream().mapToLong(Figures::peakHeap).max().orElseThrow();
        }
    }

    record Baseline(int readers, long millis, long cpuMillis, Map<Long, DigestOrder> orders) {

        double extrapolatedMillis(int total) {
            return millis * (double) total / readers;
        }
    }

    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args.length > 0 ? args[0] : "target/benchmark");
        System.out.printf(Locale.ROOT, "Digest benchmark: %d cores, Java %s, max heap %d MB, H2 %s in files under %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20, org.h2.engine.Constants.FULL_VERSION, directory);
        System.out.printf(Locale.ROOT, "load average at start: %.2f%n", load());

        Baseline baseline;
        Result hundred;
        try (BigNewsroom room = new BigNewsroom(directory.resolve("100k"), 100_000)) {
            baseline = room.baseline();
            room.forgetDigests();
            hundred = room.repeat(REPEATS, baseline);
        }
        Result twoHundred;
        try (BigNewsroom room = new BigNewsroom(directory.resolve("200k"), 200_000)) {
            twoHundred = room.repeat(REPEATS, null);
        }

        Figures h = hundred.median();
        Figures t = twoHundred.median();
        double naive = baseline.extrapolatedMillis(h.readers());
        System.out.println();
        System.out.printf(Locale.ROOT, "Median of %d runs each; load average at the end: %.2f%n", REPEATS, load());
        System.out.println();
        System.out.println("| run | readers | digests queued | time (wall) | CPU time | readers/s | peak heap |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
        row("set-based schedule run", h, hundred.peakHeap());
        row("set-based schedule run", t, twoHundred.peakHeap());
        System.out.printf(Locale.ROOT, "| naive loop, one query per reader: %,d readers timed, extrapolated | %,d | "
                        + "%,d | %.1f s | %.1f s | %,.0f | — |%n", baseline.readers(), h.readers(), h.readers(),
                naive / 1000, baseline.cpuMillis() * (double) h.readers() / baseline.readers() / 1000,
                baseline.readers() * 1000.0 / baseline.millis());
        System.out.println();
        System.out.printf(Locale.ROOT, "100k readers: %.2f s (target ≤ 5 s)%n", h.millis() / 1000.0);
        System.out.printf(Locale.ROOT, "speed-up over the naive loop: %.0f× (target ≥ 20×)%n", naive / h.millis());
        System.out.printf(Locale.ROOT, "cost(200k) / cost(100k): %.2f wall, %.2f CPU (target ≤ 2.2)%n",
                (double) t.millis() / h.millis(), (double) t.cpuMillis() / h.cpuMillis());
        System.out.printf(Locale.ROOT, "peak heap: %d MB, in a JVM of at most %d MB (target ≤ 256 MB)%n",
                Math.max(hundred.peakHeap(), twoHundred.peakHeap()) >> 20, Runtime.getRuntime().maxMemory() >> 20);
    }

    private static void row(String name, Figures figures, long peakHeap) {
        System.out.printf(Locale.ROOT, "| %s | %,d | %,d | %.2f s | %.2f s | %,.0f | %d MB |%n", name,
                figures.readers(), figures.run().queued(), figures.millis() / 1000.0, figures.cpuMillis() / 1000.0,
                figures.readers() * 1000.0 / figures.millis(), peakHeap >> 20);
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** One newsroom in its own H2 file database and Spring context. */
    static final class BigNewsroom implements AutoCloseable {

        private final int readers;
        private final ConfigurableApplicationContext context;
        private final JdbcTemplate jdbc;
        private final Random random = new Random(42);

        BigNewsroom(Path directory, int readers) throws IOException {
            this.readers = readers;
            FileSystemUtils.deleteRecursively(directory);
            Files.createDirectories(directory);
            String url = "jdbc:h2:file:" + directory.toAbsolutePath().resolve("dispatch")
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0";
            context = new SpringApplicationBuilder(SchedulerTestApplication.class)
                    .web(WebApplicationType.NONE)
                    .logStartupInfo(false)
                    .run("--spring.datasource.url=" + url, "--spring.quartz.scheduler-name=benchmark-" + readers,
                            "--spring.quartz.auto-startup=false", "--dispatch.mail.enabled=false",
                            "--spring.main.banner-mode=off", "--logging.level.root=WARN",
                            "--logging.level.news.dispatch=WARN");
            context.getBean(MutableClock.class).set(NOW);
            jdbc = context.getBean(JdbcTemplate.class);
            long started = System.nanoTime();
            load();
            System.out.printf(Locale.ROOT, "%nNewsroom of %,d readers: %,d tag follows, %,d stories with %,d tags, "
                            + "loaded in %.1f s%n", readers, count("subscriber_tag"), count("article"),
                    count("article_tag"), (System.nanoTime() - started) / 1e9);
        }

        private long count(String table) {
            return jdbc.queryForObject("select count(*) from " + table, Long.class);
        }

        private void load() {
            OffsetDateTime created = NOW.minus(Duration.ofDays(2)).atOffset(ZoneOffset.UTC);
            List<Object[]> tags = new ArrayList<>();
            for (int tag = 0; tag < TAGS; tag++) {
                tags.add(new Object[] {"tag-" + tag, "Tag-" + tag, created});
            }
            jdbc.batchUpdate("insert into tag (tag_key, label, created_at) values (?, ?, ?)", tags);

            List<Object[]> stories = new ArrayList<>();
            List<Object[]> storyTags = new ArrayList<>();
            for (int id = 1; id <= STORIES; id++) {
                OffsetDateTime published = NOW.minusSeconds(60 + random.nextInt(23 * 3600)).atOffset(ZoneOffset.UTC);
                stories.add(new Object[] {id, "Story " + id, "Summary of story " + id, published, published,
                        published});
                int position = 0;
                for (int tag : distinct(1 + random.nextInt(3))) {
                    storyTags.add(new Object[] {id, "tag-" + tag, position++});
                }
            }
            jdbc.batchUpdate("insert into article (id, title, summary, published_at, created_at, released_at)"
                            + " values (?, ?, ?, ?, ?, ?)",
                    stories);
            jdbc.batchUpdate("insert into article_tag (article_id, tag_key, position) values (?, ?, ?)", storyTags);

            for (int from = 1; from <= readers; from += 10_000) {
                List<Object[]> rows = new ArrayList<>();
                List<Object[]> follows = new ArrayList<>();
                for (int id = from; id < from + 10_000 && id <= readers; id++) {
                    rows.add(new Object[] {id, "reader" + id + "@example.com", "reader" + id + "@example.com",
                            ZONES.get(id % ZONES.size()), random.nextInt(24), created, created, created});
                    for (int tag : distinct(3 + random.nextInt(6))) {
                        follows.add(new Object[] {id, "tag-" + tag});
                    }
                }
                jdbc.batchUpdate("""
                        insert into subscriber (id, email, email_key, status, frequency, timezone, send_hour, alerts,
                                                link_generation, created_at, confirmed_at, updated_at)
                        values (?, ?, ?, 'ACTIVE', 'DAILY', ?, ?, true, 0, ?, ?, ?)
                        """, rows);
                jdbc.batchUpdate("insert into subscriber_tag (subscriber_id, tag_key) values (?, ?)", follows);
            }
            jdbc.execute("analyze");
        }

        private Set<Integer> distinct(int count) {
            Set<Integer> tags = new LinkedHashSet<>();
            while (tags.size() < count) {
                tags.add(random.nextInt(TAGS));
            }
            return tags;
        }

        /** Runs the schedule over every reader {@code times} times, from the same state each time. */
        Result repeat(int times, Baseline baseline) {
            List<Figures> runs = new ArrayList<>();
            for (int i = 0; i < times; i++) {
                runs.add(schedule());
                if (i == 0 && baseline != null) {
                    compareWith(baseline);
                }
                forgetDigests();
            }
            return new Result(readers, runs);
        }

        /** The schedule run over every reader, timed, with the heap's peak during it. */
        Figures schedule() {
            Digests digests = context.getBean(Digests.class);
            System.gc();
            List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(pool -> pool.getType() == MemoryType.HEAP).toList();
            heap.forEach(MemoryPoolMXBean::resetPeakUsage);
            long before = heap.stream().mapToLong(pool -> pool.getUsage().getUsed()).sum();
            long gc = gcMillis();
            long cpu = THREADS.getCurrentThreadCpuTime();
            long started = System.nanoTime();
            DigestRun run = digests.runSchedule();
            long millis = (System.nanoTime() - started) / 1_000_000;
            long cpuMillis = (THREADS.getCurrentThreadCpuTime() - cpu) / 1_000_000;
            // An upper bound: each pool's own peak, added up.
            long peak = heap.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
            System.out.printf(Locale.ROOT, "set-based schedule run: %,d readers considered, %,d digests queued in "
                            + "%.2f s (CPU %.2f s, GC %.2f s); heap %d MB before, peak %d MB%n", run.considered(),
                    run.queued(), millis / 1000.0, cpuMillis / 1000.0, (gcMillis() - gc) / 1000.0, before >> 20,
                    peak >> 20);
            return new Figures(readers, millis, cpuMillis, run, peak);
        }

        /** The naive loop over the first readers: their stories one query each, then their writes one by one. */
        Baseline baseline() {
            Map<Long, DigestOrder> orders = new HashMap<>();
            // The last readers warm the JIT up for the loop and are forgotten; the first ones are timed.
            naive(jdbc.queryForList("""
                    select id, email from subscriber where status = 'ACTIVE' and frequency = 'DAILY'
                     order by id desc limit ?""", BASELINE_SAMPLE / 4), new HashMap<>());
            forgetDigests();
            long cpu = THREADS.getCurrentThreadCpuTime();
            long started = System.nanoTime();
            List<Map<String, Object>> sample = jdbc.queryForList("""
                    select id, email from subscriber where status = 'ACTIVE' and frequency = 'DAILY'
                     order by id limit ?""", BASELINE_SAMPLE);
            naive(sample, orders);
            long millis = (System.nanoTime() - started) / 1_000_000;
            long cpuMillis = (THREADS.getCurrentThreadCpuTime() - cpu) / 1_000_000;
            System.out.printf(Locale.ROOT, "naive loop: %,d readers in %.2f s (CPU %.2f s, %.2f ms per reader)%n",
                    sample.size(), millis / 1000.0, cpuMillis / 1000.0, (double) millis / sample.size());
            return new Baseline(sample.size(), millis, cpuMillis, orders);
        }

        private void naive(List<Map<String, Object>> sample, Map<Long, DigestOrder> orders) {
            JdbcClient client = context.getBean(JdbcClient.class);
            Outbox outbox = context.getBean(Outbox.class);
            TransactionTemplate transaction = context.getBean(TransactionTemplate.class);
            int max = context.getBean(DigestSettings.class).maxArticles();
            OffsetDateTime since = NOW.minus(Duration.ofDays(1)).atOffset(ZoneOffset.UTC);
            OffsetDateTime until = NOW.atOffset(ZoneOffset.UTC);
            for (Map<String, Object> reader : sample) {
                long id = ((Number) reader.get("id")).longValue();
                List<Long> matches = client.sql(NAIVE).params(id, since, until)
                        .query((rs, row) -> rs.getLong(1)).list();
                if (matches.isEmpty()) {
                    continue;
                }
                DigestOrder order = new DigestOrder(id, (String) reader.get("email"),
                        matches.subList(0, Math.min(max, matches.size())), Math.max(0, matches.size() - max));
                transaction.executeWithoutResult(status -> {
                    client.sql("insert into digest_cursor (subscriber_id, covered_until, period, updated_at) "
                            + "values (?, ?, 'DAILY 2025-11-27', ?)").params(id, until, until).update();
                    client.sql("insert into digest (subscriber_id, period, run_id, covered_from, covered_until, "
                                    + "articles, more, created_at) values (?, 'DAILY 2025-11-27', 'naive', ?, ?, ?, ?, ?)")
                            .params(id, since, until, order.articleIds().size(), order.more(), until).update();
                    outbox.queueDigests(List.of(order));
                });
                orders.put(id, order);
            }
        }

        /** Undoes a run's digests, so the next one starts from the same state. */
        void forgetDigests() {
            jdbc.execute("truncate table delivery");
            jdbc.execute("truncate table digest");
            jdbc.execute("truncate table digest_cursor");
        }

        /** The two ways must agree on every sampled reader's digest. */
        void compareWith(Baseline baseline) {
            Newsroom newsroom = context.getBean(Newsroom.class);
            int same = 0;
            for (Newsroom.Queued queued : newsroom.queued(BASELINE_SAMPLE)) {
                DigestOrder naive = baseline.orders().get(queued.subscriberId());
                if (naive != null && naive.articleIds().equals(queued.articleIds()) && naive.more() == queued.more()) {
                    same++;
                }
            }
            System.out.printf(Locale.ROOT, "digests identical to the naive loop's: %,d of %,d sampled readers%n",
                    same, baseline.orders().size());
            if (same != baseline.orders().size()) {
                throw new IllegalStateException("the set-based digests differ from the naive ones");
            }
        }

        @Override
        public void close() {
            context.close();
        }
    }
}
