package news.dispatch.mailer.alert;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

import news.dispatch.mailer.MailerTestApplication;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.FileSystemUtils;

/**
 * How long an alert takes to reach 100,000 readers' outbox rows: 125,000 readers in eight time zones, one in six
 * with quiet hours (three kinds of night), each following 3–8 of 200 tags; 100,000 of them ACTIVE with alerts on and
 * following at least one of the story's three tags, the others following other tags, with alerts off, or not ACTIVE.
 * The outbox already holds 200,000 sent digests. On H2 in file mode with commits written at once, as the app runs by
 * default. Timed from the request to the commit: the alert's record, its windows, the one statement that queues
 * every delivery, and the commit.
 *
 * <p>Three cases, each repeated (the queued rows are deleted between runs) and the median shown: the day's first
 * alert (nobody can be over the daily cap, so the cap is not checked), the day's third (every reader's two earlier
 * alerts are counted against the cap), and the fourth (everyone is over the cap and nothing is queued). Not a test:
 * it prints figures. Run it with {@code ./mvnw -B -q -pl mailer -am -Palert-benchmark verify -DskipTests}, which
 * gives it a JVM of its own with {@code -Xmx512m}.
 */
public final class AlertBenchmark {

    static final int MATCHING = 100_000;
    static final int OTHER_TAGS = 10_000;
    static final int ALERTS_OFF = 5_000;
    static final int NOT_ACTIVE = 10_000;
    static final int HISTORY = 200_000;
    static final int TAGS = 200;
    static final int REPEATS = 5;
    static final List<String> ZONES = List.of("UTC", "Europe/Berlin", "Europe/Kyiv", "America/New_York",
            "America/Los_Angeles", "Asia/Kolkata", "Asia/Tokyo", "Australia/Sydney");
    static final int[][] NIGHTS = {{22, 7}, {23, 6}, {0, 8}};
    static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private AlertBenchmark() {
    }

    record Figures(long millis, long cpuMillis, int queued, int overCap) {
    }

    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args.length > 0 ? args[0] : "target/alert-benchmark");
        System.out.printf(Locale.ROOT, "Alert benchmark: %d cores, Java %s, max heap %d MB, H2 %s in files under %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20, org.h2.engine.Constants.FULL_VERSION, directory);
        System.out.printf(Locale.ROOT, "load average at start: %.2f%n", load());
        FileSystemUtils.deleteRecursively(directory);
        Files.createDirectories(directory);
        String url = "jdbc:h2:file:" + directory.toAbsolutePath().resolve("dispatch")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0";
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(MailerTestApplication.class)
                .web(WebApplicationType.NONE)
                .logStartupInfo(false)
                .run("--spring.datasource.url=" + url, "--spring.mail.host=127.0.0.1",
                        "--dispatch.mail.enabled=false", "--spring.main.banner-mode=off",
                        "--logging.level.root=WARN", "--logging.level.news.dispatch=WARN")) {
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            Alerts alerts = context.getBean(Alerts.class);
            long started = System.nanoTime();
            long[] stories = load(jdbc);
            System.out.printf(Locale.ROOT, "%nNewsroom: %,d readers (%,d of them reached), %,d tag follows, "
                            + "%,d deliveries of history; loaded in %.1f s%n", count(jdbc, "subscriber"), MATCHING,
                    count(jdbc, "subscriber_tag"), count(jdbc, "delivery"), (System.nanoTime() - started) / 1e9);
            System.out.printf(Locale.ROOT, "groups of readers (zone × quiet hours) reached: %d%n",
                    jdbc.queryForObject("""
                            select count(*) from (select distinct timezone, quiet_from, quiet_until from subscriber
                                                   where status = 'ACTIVE' and alerts = true) g""", Integer.class));

            long previewStarted = System.nanoTime();
            AlertPreview preview = alerts.preview(stories[0]);
            System.out.printf(Locale.ROOT, "dry run (counts by tag, sample email): %,d readers, %d after quiet hours,"
                            + " in %.2f s%n", preview.recipients(), preview.afterQuiet(),
                    (System.nanoTime() - previewStarted) / 1e9);

            // JIT warm-up on the second story, then forgotten.
            run(alerts, jdbc, stories[1]);
            forget(jdbc, stories[1]);

            Figures first = median(alerts, jdbc, stories[0], "first alert of the day");
            run(alerts, jdbc, stories[0]);
            run(alerts, jdbc, stories[1]);
            Figures third = median(alerts, jdbc, stories[2], "third alert of the day");
            run(alerts, jdbc, stories[2]);
            Figures fourth = median(alerts, jdbc, stories[3], "fourth alert of the day");

            System.out.println();
            System.out.printf(Locale.ROOT, "Median of %d runs each; load average at the end: %.2f%n", REPEATS, load());
            System.out.println();
            System.out.println("| alert | readers queued | over the daily cap | time (wall) | CPU time | rows/s |");
            System.out.println("|---|---:|---:|---:|---:|---:|");
            row("first of the day: no cap to check", first);
            row("third of the day: two earlier alerts counted per reader", third);
            row("fourth of the day: everyone over the cap", fourth);
            System.out.println();
            System.out.printf(Locale.ROOT, "100k readers queued: %.2f s for the first alert, %.2f s for the third "
                    + "(target ≤ 3 s)%n", first.millis() / 1000.0, third.millis() / 1000.0);
        }
    }

    private static void row(String name, Figures figures) {
        System.out.printf(Locale.ROOT, "| %s | %,d | %,d | %.2f s | %.2f s | %,.0f |%n", name, figures.queued(),
                figures.overCap(), figures.millis() / 1000.0, figures.cpuMillis() / 1000.0,
                figures.queued() * 1000.0 / Math.max(1, figures.millis()));
    }

    /** Sends the story's alert {@link #REPEATS} times, forgetting it after each, and answers the median run. */
    private static Figures median(Alerts alerts, JdbcTemplate jdbc, long story, String name) {
        List<Figures> runs = new ArrayList<>();
        for (int i = 0; i < REPEATS; i++) {
            Figures figures = run(alerts, jdbc, story);
            System.out.printf(Locale.ROOT, "%s: %,d queued, %,d over the cap, in %.2f s (CPU %.2f s)%n", name,
                    figures.queued(), figures.overCap(), figures.millis() / 1000.0, figures.cpuMillis() / 1000.0);
            runs.add(figures);
            forget(jdbc, story);
        }
        return runs.stream().sorted(Comparator.comparingLong(Figures::millis)).toList().get(REPEATS / 2);
    }

    private static Figures run(Alerts alerts, JdbcTemplate jdbc, long story) {
        System.gc();
        long cpu = THREADS.getCurrentThreadCpuTime();
        long started = System.nanoTime();
        Alerts.Outcome outcome = alerts.send(story, "benchmark");
        long millis = (System.nanoTime() - started) / 1_000_000;
        long cpuMillis = (THREADS.getCurrentThreadCpuTime() - cpu) / 1_000_000;
        if (!outcome.sentNow()) {
            throw new IllegalStateException("the alert of story " + story + " was sent before");
        }
        int queued = jdbc.queryForObject("select count(*) from delivery where article_id = ?", Integer.class, story);
        if (queued != outcome.alert().recipients()) {
            throw new IllegalStateException("queued " + queued + " but recorded " + outcome.alert().recipients());
        }
        return new Figures(millis, cpuMillis, queued, outcome.alert().overCap());
    }

    /** Undoes a story's alert, so that the next run starts from the same state. */
    private static void forget(JdbcTemplate jdbc, long story) {
        jdbc.update("delete from delivery where article_id = ?", story);
        jdbc.update("delete from alert where article_id = ?", story);
    }

    private static long count(JdbcTemplate jdbc, String table) {
        return jdbc.queryForObject("select count(*) from " + table, Long.class);
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** The newsroom; answers four stories on the same three tags, published a minute ago. */
    private static long[] load(JdbcTemplate jdbc) {
        Random random = new Random(42);
        OffsetDateTime created = Instant.now().minus(Duration.ofDays(30)).atOffset(ZoneOffset.UTC);
        List<Object[]> tags = new ArrayList<>();
        for (int tag = 0; tag < TAGS; tag++) {
            tags.add(new Object[] {"tag-" + tag, "Tag-" + tag, created});
        }
        jdbc.batchUpdate("insert into tag (tag_key, label, created_at) values (?, ?, ?)", tags);

        OffsetDateTime published = Instant.now().minus(Duration.ofMinutes(1)).atOffset(ZoneOffset.UTC);
        long[] stories = new long[4];
        for (int i = 0; i < stories.length; i++) {
            stories[i] = i + 1;
            jdbc.update("insert into article (id, title, summary, published_at, created_at) values (?, ?, ?, ?, ?)",
                    stories[i], "Breaking story " + i, "What happened", published, published);
            for (int position = 0; position < 3; position++) {
                jdbc.update("insert into article_tag (article_id, tag_key, position) values (?, ?, ?)", stories[i],
                        "tag-" + position, position);
            }
        }

        int total = MATCHING + OTHER_TAGS + ALERTS_OFF + NOT_ACTIVE;
        for (int from = 1; from <= total; from += 10_000) {
            List<Object[]> rows = new ArrayList<>();
            List<Object[]> follows = new ArrayList<>();
            for (int id = from; id < from + 10_000 && id <= total; id++) {
                boolean follows3 = id <= MATCHING || id > MATCHING + OTHER_TAGS;
                boolean alertsOn = id <= MATCHING + OTHER_TAGS || id > MATCHING + OTHER_TAGS + ALERTS_OFF;
                String status = id > MATCHING + OTHER_TAGS + ALERTS_OFF ? (id % 2 == 0 ? "UNSUBSCRIBED" : "PENDING")
                        : "ACTIVE";
                int[] night = id % 6 == 0 ? NIGHTS[(id / 6) % NIGHTS.length] : null;
                rows.add(new Object[] {id, "reader" + id + "@example.com", "reader" + id + "@example.com", status,
                        ZONES.get(id % ZONES.size()), random.nextInt(24), alertsOn,
                        night == null ? null : night[0], night == null ? null : night[1], created, created, created});
                Set<Integer> followed = new LinkedHashSet<>();
                if (follows3) {
                    followed.add(random.nextInt(3));
                }
                int wanted = 3 + random.nextInt(6);
                while (followed.size() < wanted) {
                    followed.add(3 + random.nextInt(TAGS - 3));
                }
                for (int tag : followed) {
                    follows.add(new Object[] {id, "tag-" + tag});
                }
            }
            jdbc.batchUpdate("""
                    insert into subscriber (id, email, email_key, status, frequency, timezone, send_hour, alerts,
                                            quiet_from, quiet_until, link_generation, created_at, confirmed_at,
                                            updated_at)
                    values (?, ?, ?, ?, 'DAILY', ?, ?, ?, ?, ?, 0, ?, ?, ?)
                    """, rows);
            jdbc.batchUpdate("insert into subscriber_tag (subscriber_id, tag_key) values (?, ?)", follows);
        }

        for (int from = 0; from < HISTORY; from += 10_000) {
            List<Object[]> rows = new ArrayList<>();
            for (int i = from; i < from + 10_000; i++) {
                int reader = 1 + i % total;
                OffsetDateTime day = created.plusDays(i / total);
                rows.add(new Object[] {reader, "reader" + reader + "@example.com", "articles=" + (1 + i % 4) + "&more=0",
                        day, day, day, day});
            }
            jdbc.batchUpdate("""
                    insert into delivery (kind, lane, subscriber_id, recipient, content, status, attempts, created_at,
                                          queued_at, available_at, sent_at)
                    values ('DIGEST', null, ?, ?, ?, 'SENT', 1, ?, ?, ?, ?)
                    """, rows);
        }
        jdbc.execute("analyze");
        return stories;
    }
}
