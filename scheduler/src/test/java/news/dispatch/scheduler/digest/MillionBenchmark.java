package news.dispatch.scheduler.digest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import news.dispatch.core.testing.PostgresForTests;
import news.dispatch.mailer.outbox.DeliveryPeriod;
import news.dispatch.mailer.outbox.Outbox;
import news.dispatch.mailer.outbox.Outbox.DigestOrder;
import news.dispatch.scheduler.digest.DigestBenchmark.BigNewsroom;
import news.dispatch.scheduler.digest.DigestBenchmark.Measured;
import news.dispatch.scheduler.digest.DigestBenchmark.Shape;
import news.dispatch.scheduler.digest.DigestBenchmark.Timing;
import news.dispatch.scheduler.digest.Digests.DigestRun;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A newsroom of a million readers: what a day's digest run costs at 1,000,000 readers against 100,000 on the same
 * database, what a week of daily digests leaves in the outbox, and what deleting a day of that history costs while
 * mail is going out. Not a test: it prints figures.
 *
 * <p>Each size is the digest benchmark's newsroom (every reader daily, a fifth with one tag at a rhythm of its own,
 * 5,000 stories a day) run for a week: each day's schedule run is timed, then the day's digests are marked sent as
 * the delivery workers would, so the outbox holds what a real week leaves. Then the housekeeping's prune removes the
 * first day, as {@code dispatch.mail.keep-history} does with the 31st day back, while a probe queues and sends small
 * batches of mail the way the workers do; the probe's latency before and during the prune says whether sending stalls.
 *
 * <p>{@code ./mvnw -B -q -pl scheduler -am -Pmillion-benchmark verify -DskipTests} runs it on PostgreSQL (the embedded
 * one the tests use); {@code -Dmillion.database=h2} on H2 in files, {@code -Dmillion.readers=100000,1000000} sets the
 * sizes (the first is the one the others are compared with).
 */
public final class MillionBenchmark {

    static final int WEEK = 7;
    static final int MARK_CHUNK = 50_000;

    private MillionBenchmark() {
    }

    /** A week of one newsroom: the days' runs, the outbox it left, and a day's prune. */
    record Week(int readers, List<Measured<DigestRun>> runs, long deliveries, long deliveryBytes, long databaseBytes,
                Prune prune) {

        Timing median() {
            List<Timing> sorted = runs.stream().map(Measured::timing)
                    .sorted(Comparator.comparingLong(Timing::millis)).toList();
            return sorted.get(sorted.size() / 2);
        }

        long peakHeap() {
            return runs.stream().mapToLong(run -> run.timing().peakHeap()).max().orElseThrow();
        }

        double bytesPerDelivery() {
            return (double) deliveryBytes / deliveries;
        }
    }

    /** How long the prune of a day took, and the probe's latencies (ms) before and during it. */
    record Prune(int deleted, long millis, Latencies before, Latencies during) {
    }

    record Latencies(int samples, double median, double p99, double max) {

        static Latencies of(List<Long> nanos) {
            long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
            if (sorted.length == 0) {
                return new Latencies(0, 0, 0, 0);
            }
            return new Latencies(sorted.length, sorted[sorted.length / 2] / 1e6,
                    sorted[Math.min(sorted.length - 1, (int) (sorted.length * 0.99))] / 1e6,
                    sorted[sorted.length - 1] / 1e6);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "median %.1f ms, p99 %.1f ms, max %.1f ms over %,d batches", median, p99,
                    max, samples);
        }
    }

    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args.length > 0 ? args[0] : "target/million-benchmark");
        String database = System.getProperty("million.database", "postgresql");
        List<Integer> sizes = Arrays.stream(System.getProperty("million.readers", "100000,1000000").split(","))
                .map(String::trim).map(Integer::parseInt).toList();
        System.out.printf(Locale.ROOT, "Million-reader benchmark: %d cores, Java %s, max heap %d MB, %s; load average "
                        + "%.2f%n", Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20, database, load());

        List<Week> weeks = new ArrayList<>();
        for (int readers : sizes) {
            try (BigNewsroom room = new BigNewsroom(directory.resolve(readers + ""), readers,
                    shape(database, readers))) {
                weeks.add(week(room, database, directory.resolve(readers + "")));
            }
        }

        System.out.println();
        System.out.printf(Locale.ROOT, "On %s, medians of %d daily runs; load average at the end %.2f%n", database, WEEK,
                load());
        System.out.println();
        System.out.println("| readers | digest run | CPU time | peak heap | deliveries after a week | outbox on disk "
                + "| per delivery | database | prune of a day | probe during the prune |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Week week : weeks) {
            Timing median = week.median();
            System.out.printf(Locale.ROOT, "| %,d | %.2f s | %.2f s | %d MB | %,d | %,d MB | %.0f bytes | %,d MB "
                            + "| %,d in %.1f s | max %.0f ms (%.0f ms before) |%n", week.readers(),
                    median.millis() / 1000.0, median.cpuMillis() / 1000.0, week.peakHeap() >> 20, week.deliveries(),
                    week.deliveryBytes() >> 20, week.bytesPerDelivery(), week.databaseBytes() >> 20,
                    week.prune().deleted(), week.prune().millis() / 1000.0, week.prune().during().max(),
                    week.prune().before().max());
        }
        System.out.println();
        Week base = weeks.get(0);
        for (Week week : weeks.subList(1, weeks.size())) {
            double size = (double) week.readers() / base.readers();
            System.out.printf(Locale.ROOT, "cost(%,d) / cost(%,d): %.2f in time, %.2f in CPU time (target ≤ %.1f)%n",
                    week.readers(), base.readers(), (double) week.median().millis() / base.median().millis(),
                    (double) week.median().cpuMillis() / base.median().cpuMillis(), size * 1.1);
        }
        Week largest = weeks.get(weeks.size() - 1);
        System.out.printf(Locale.ROOT, "peak heap: %d MB, in a JVM of at most %d MB (target ≤ 256 MB)%n",
                weeks.stream().mapToLong(Week::peakHeap).max().orElseThrow() >> 20,
                Runtime.getRuntime().maxMemory() >> 20);
        System.out.printf(Locale.ROOT, "outbox history at %,d readers, daily: %,.0f MB a day; kept 30 days "
                        + "(dispatch.mail.keep-history), about %,.1f GB at rest%n", largest.readers(),
                largest.deliveryBytes() / (double) WEEK / (1 << 20),
                largest.deliveryBytes() / (double) WEEK * 30 / (1 << 30));
        System.out.printf(Locale.ROOT, "pruning a day of %,d deliveries: %.1f s, %,.0f rows/s; the probe's batches: "
                        + "%s before, %s during%n", largest.prune().deleted(), largest.prune().millis() / 1000.0,
                largest.prune().deleted() * 1000.0 / Math.max(1, largest.prune().millis()), largest.prune().before(),
                largest.prune().during());
    }

    private static Shape shape(String database, int readers) {
        if (database.equals("h2")) {
            return Shape.PLAIN;
        }
        if (!database.equals("postgresql")) {
            throw new IllegalArgumentException("million.database is h2 or postgresql, not " + database);
        }
        String url = PostgresForTests.jdbcUrl("million_" + readers);
        List<String> settings = new ArrayList<>(Shape.PLAIN.settings());
        settings.add("--spring.datasource.url=" + url);
        settings.add("--spring.datasource.username=postgres");
        settings.add("--spring.datasource.password=postgres");
        return new Shape(false, false, settings, Shape.PLAIN.before());
    }

    private static Week week(BigNewsroom room, String database, Path directory) throws InterruptedException {
        Digests digests = room.context().getBean(Digests.class);
        JdbcTemplate jdbc = room.context().getBean(JdbcTemplate.class);
        List<Measured<DigestRun>> runs = new ArrayList<>();
        for (int day = 0; day < WEEK; day++) {
            if (day > 0) {
                room.publishTheDaysStories(BigNewsroom.day(day));
            }
            room.clock().set(BigNewsroom.day(day));
            Measured<DigestRun> run = Timing.of(digests::runSchedule);
            long started = System.nanoTime();
            int sent = markSent(jdbc);
            System.out.printf(Locale.ROOT, "%,d readers, day %d: %,d digests queued in %.2f s (CPU %.2f s, heap peak "
                            + "%d MB); marked sent in %.1f s%n", room.readers(), day + 1, run.result().queued(),
                    run.timing().millis() / 1000.0, run.timing().cpuMillis() / 1000.0, run.timing().peakHeap() >> 20,
                    (System.nanoTime() - started) / 1e9);
            if (sent != run.result().queued()) {
                throw new IllegalStateException(sent + " deliveries marked sent, " + run.result().queued() + " queued");
            }
            runs.add(run);
        }
        long deliveries = jdbc.queryForObject("select count(*) from delivery", Long.class);
        long deliveryBytes;
        long databaseBytes;
        if (database.equals("h2")) {
            jdbc.execute("checkpoint sync");
            deliveryBytes = jdbc.queryForObject("select disk_space_used('delivery')", Long.class);
            databaseBytes = filesUnder(directory);
        } else {
            jdbc.execute("vacuum analyze delivery");
            deliveryBytes = jdbc.queryForObject("select pg_total_relation_size('delivery')", Long.class);
            databaseBytes = jdbc.queryForObject("select pg_database_size(current_database())", Long.class);
        }
        return new Week(room.readers(), runs, deliveries, deliveryBytes, databaseBytes, prune(room));
    }

    /** What the delivery workers do to each digest once the server accepted it. */
    private static int markSent(JdbcTemplate jdbc) {
        Long first = jdbc.queryForObject("select min(id) from delivery where status = 'QUEUED'", Long.class);
        if (first == null) {
            return 0;
        }
        long last = jdbc.queryForObject("select max(id) from delivery", Long.class);
        int sent = 0;
        for (long from = first; from <= last; from += MARK_CHUNK) {
            sent += jdbc.update("""
                    update delivery set status = 'SENT', lane = null, sent_at = created_at
                     where id >= ? and id < ? and status = 'QUEUED'""", from, from + MARK_CHUNK);
        }
        return sent;
    }

    /**
     * The housekeeping's prune of the week's first day, timed, while a probe queues ten digests and marks them sent,
     * over and over, as the delivery workers would on the same table.
     */
    private static Prune prune(BigNewsroom room) throws InterruptedException {
        Outbox outbox = room.context().getBean(Outbox.class);
        Probe probe = new Probe(outbox, room.context().getBean(TransactionTemplate.class),
                room.context().getBean(JdbcTemplate.class));
        List<Long> before = probe.run(Duration.ofSeconds(5));
        Thread probing = new Thread(probe::runUntilStopped, "probe");
        probing.start();
        long started = System.nanoTime();
        int deleted = outbox.pruneFinished(BigNewsroom.day(1).minus(Duration.ofHours(1)));
        long millis = (System.nanoTime() - started) / 1_000_000;
        probe.stop();
        probing.join();
        Prune prune = new Prune(deleted, millis, Latencies.of(before), Latencies.of(probe.during()));
        System.out.printf(Locale.ROOT, "%,d readers: pruned the first day's %,d deliveries in %.1f s; probe %s before, "
                + "%s during%n", room.readers(), deleted, millis / 1000.0, prune.before(), prune.during());
        return prune;
    }

    /** Ten digests queued and marked sent per batch, each batch's time recorded. */
    private static final class Probe {

        private final Outbox outbox;
        private final TransactionTemplate transaction;
        private final JdbcTemplate jdbc;
        private final AtomicBoolean stopped = new AtomicBoolean();
        private final List<Long> during = new ArrayList<>();
        private int batch;

        Probe(Outbox outbox, TransactionTemplate transaction, JdbcTemplate jdbc) {
            this.outbox = outbox;
            this.transaction = transaction;
            this.jdbc = jdbc;
        }

        List<Long> run(Duration duration) {
            List<Long> nanos = new ArrayList<>();
            long until = System.nanoTime() + duration.toNanos();
            while (System.nanoTime() < until) {
                nanos.add(once());
            }
            return nanos;
        }

        void runUntilStopped() {
            while (!stopped.get()) {
                during.add(once());
            }
        }

        void stop() {
            stopped.set(true);
        }

        List<Long> during() {
            return during;
        }

        private long once() {
            long started = System.nanoTime();
            String period = "probe-" + ++batch;
            List<DigestOrder> orders = new ArrayList<>();
            for (long reader = 1; reader <= 10; reader++) {
                orders.add(new DigestOrder(reader, "reader" + reader + "@example.com", new DeliveryPeriod.Run(period),
                        List.of(1L, 2L, 3L), 0));
            }
            transaction.executeWithoutResult(status -> outbox.queueDigests(orders));
            jdbc.update("update delivery set status = 'SENT', lane = null, sent_at = created_at where period = ?",
                    new DeliveryPeriod.Run(period).key());
            return System.nanoTime() - started;
        }
    }

    private static long filesUnder(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> {
                try {
                    return Files.size(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
