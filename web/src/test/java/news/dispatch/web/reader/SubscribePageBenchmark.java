package news.dispatch.web.reader;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import news.dispatch.core.tag.Tags;
import news.dispatch.web.DispatchApplication;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.FileSystemUtils;

/**
 * What the readers' sign-up page costs once the newsroom has a month of 12,000 stories over 200 tags, and whether
 * {@code /actuator/health} stays quick while 100 clients ask for it at once. Not a test: it prints figures.
 *
 * <p>The app as it runs by default (H2 in files, under {@code target/subscribe-benchmark}). Beside the page itself,
 * the count of the month's tags that the page ran on every request before {@link OfferedTags} is timed directly, as
 * the baseline; and the health check is timed while 100 threads run that count without pause (the load the old page
 * put on the database), then while 100 clients ask for the page.
 *
 * <p>Run it with {@code ./mvnw -B -q -pl web -am -Psubscribe-benchmark verify -DskipTests}.
 */
public final class SubscribePageBenchmark {

    static final int ARTICLES = 12_000;
    static final int TAGS = 200;
    static final int SAMPLES = 200;
    static final int PARALLEL = 100;
    static final int HEALTH_SAMPLES = 40;
    /** Under the old load a health check could wait for a database connection for as long as 30 s. */
    static final int HEALTH_SAMPLES_UNDER_LOAD = 10;

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;

    private SubscribePageBenchmark(int port) {
        this.base = "http://localhost:" + port;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/subscribe-benchmark");
        FileSystemUtils.deleteRecursively(dir);
        try (ConfigurableApplicationContext app = SpringApplication.run(DispatchApplication.class,
                "--server.port=0", "--dispatch.data-dir=" + dir.toAbsolutePath(), "--dispatch.demo=false",
                "--dispatch.admin.password=benchmark-only", "--spring.quartz.scheduler-name=subscribe-benchmark",
                "--spring.main.banner-mode=off", "--logging.level.root=WARN",
                // Its 100 clients are readers, not one client asking 100 times at once.
                "--dispatch.http.requests-per-client=1000")) {
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            fill(app.getBean(JdbcTemplate.class));
            Tags tags = app.getBean(Tags.class);
            SubscribePageBenchmark benchmark = new SubscribePageBenchmark(port);
            System.out.printf(Locale.ROOT, "%,d stories over %d tags in the last month; %d CPUs; %s%n", ARTICLES,
                    TAGS, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));

            Callable<Object> count = () -> tags.inUseSince(Instant.now().minus(OfferedTags.LATELY),
                    OfferedTags.OFFERED);
            benchmark.warmUp(count);
            print("the month's tag count, uncached (every /subscribe before)", times(SAMPLES, count));
            print("GET /subscribe", times(SAMPLES, () -> benchmark.get("/subscribe")));
            print("GET /articles", times(SAMPLES, () -> benchmark.get("/articles")));
            print("GET /articles?tag=tag-7 (a common tag)", times(SAMPLES, () -> benchmark.get("/articles?tag=tag-7")));
            print("GET /articles?tag=tag-199 (a rare tag)", times(SAMPLES,
                    () -> benchmark.get("/articles?tag=tag-199")));
            print("GET /actuator/health, idle", times(HEALTH_SAMPLES, () -> benchmark.get("/actuator/health")));
            benchmark.underLoad("GET /actuator/health, " + PARALLEL + " threads running the uncached count", count);
            benchmark.underLoad("GET /actuator/health, " + PARALLEL + " clients asking for /subscribe",
                    () -> benchmark.get("/subscribe"));
        }
        // The HTTP client's selector thread would keep the JVM, and Maven, waiting.
        System.exit(0);
    }

    /** Stories spread over the last 29 days, each with one to three of the tags, the first tags the most used. */
    private static void fill(JdbcTemplate jdbc) {
        Random random = new Random(7);
        Instant now = Instant.now();
        List<Object[]> tags = new ArrayList<>();
        for (int t = 0; t < TAGS; t++) {
            tags.add(new Object[] {"tag-" + t, "Tag-" + t, Timestamp.from(now)});
        }
        jdbc.batchUpdate("insert into tag (tag_key, label, created_at) values (?, ?, ?)", tags);
        List<Object[]> articles = new ArrayList<>();
        List<Object[]> articleTags = new ArrayList<>();
        for (int id = 1; id <= ARTICLES; id++) {
            Timestamp at = Timestamp.from(now.minus(Duration.ofMinutes(random.nextInt(29 * 24 * 60))));
            articles.add(new Object[] {id, "Story " + id, at, at, at});
            int[] picked = random.ints(1 + random.nextInt(3), 0, TAGS)
                    .map(t -> Math.min(t, random.nextInt(TAGS))).distinct().toArray();
            for (int position = 0; position < picked.length; position++) {
                articleTags.add(new Object[] {id, "tag-" + picked[position], position});
            }
        }
        jdbc.batchUpdate("insert into article (id, title, published_at, created_at, released_at) "
                + "values (?, ?, ?, ?, ?)", articles);
        jdbc.batchUpdate("insert into article_tag (article_id, tag_key, position) values (?, ?, ?)", articleTags);
        jdbc.execute("alter table article alter column id restart with " + (ARTICLES + 1));
    }

    private void warmUp(Callable<Object> count) throws Exception {
        times(20, count);
        for (String path : List.of("/subscribe", "/articles", "/articles?tag=tag-7", "/articles?tag=tag-199",
                "/actuator/health")) {
            times(20, () -> get(path));
        }
    }

    /** Times the health check while {@link #PARALLEL} threads run {@code load} without pause. */
    private void underLoad(String label, Callable<Object> load) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(PARALLEL, runnable -> {
            Thread thread = new Thread(runnable);
            thread.setDaemon(true);
            return thread;
        });
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong done = new AtomicLong();
        for (int i = 0; i < PARALLEL; i++) {
            threads.submit(() -> {
                while (running.get()) {
                    try {
                        load.call();
                        done.incrementAndGet();
                    } catch (RuntimeException timedOut) {
                        // The pool had no connection for it within 30 s: the point being made.
                    }
                }
                return null;
            });
        }
        Thread.sleep(1_000);
        long before = done.get();
        long started = System.nanoTime();
        AtomicLong down = new AtomicLong();
        long[] health = times(HEALTH_SAMPLES_UNDER_LOAD, () -> {
            HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health"))
                    .build(), HttpResponse.BodyHandlers.discarding());
            return answer.statusCode() == 200 ? answer : down.incrementAndGet();
        });
        double seconds = (System.nanoTime() - started) / 1e9;
        long loads = done.get() - before;
        running.set(false);
        threads.shutdown();
        threads.awaitTermination(5, TimeUnit.MINUTES);
        print(label, health);
        System.out.printf(Locale.ROOT, "    %d of them answered DOWN (no database connection within 30 s); "
                + "meanwhile %,d loads done, %.0f/s%n", down.get(), loads, loads / seconds);
    }

    private Object get(String path) throws Exception {
        HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + answer.statusCode());
        }
        return answer;
    }

    /** How long each of {@code n} calls took, in microseconds, one after the other. */
    private static long[] times(int n, Callable<Object> call) throws Exception {
        long[] micros = new long[n];
        for (int i = 0; i < n; i++) {
            long started = System.nanoTime();
            call.call();
            micros[i] = (System.nanoTime() - started) / 1_000;
        }
        return micros;
    }

    private static void print(String label, long[] micros) {
        long[] sorted = micros.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "%-75s n=%d  median %8.2f ms  p95 %8.2f ms  max %8.2f ms%n", label,
                sorted.length, sorted[sorted.length / 2] / 1e3, sorted[(int) Math.ceil(sorted.length * 0.95) - 1] / 1e3,
                sorted[sorted.length - 1] / 1e3);
    }
}
