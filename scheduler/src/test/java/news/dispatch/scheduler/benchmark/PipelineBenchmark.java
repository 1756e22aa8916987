package news.dispatch.scheduler.benchmark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;
import java.util.stream.Stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import news.dispatch.core.article.Article;
import news.dispatch.core.article.Articles;
import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.core.subscriber.Subscribers;
import news.dispatch.core.testing.PostgresForTests;
import news.dispatch.mailer.letter.Email;
import news.dispatch.mailer.letter.Letters;
import news.dispatch.mailer.outbox.Deliveries;
import news.dispatch.mailer.outbox.DeliveryKind;
import news.dispatch.mailer.outbox.DeliveryStatus;
import news.dispatch.mailer.outbox.Outbox;
import news.dispatch.mailer.outbox.Progress;
import news.dispatch.mailer.testing.NaiveMail;
import news.dispatch.mailer.testing.SmtpSinkProcess;
import news.dispatch.scheduler.Newsroom;
import news.dispatch.scheduler.benchmark.CapturingSmtpServer.Captured;
import news.dispatch.scheduler.digest.DigestBenchmark.Baseline;
import news.dispatch.scheduler.digest.DigestBenchmark.BigNewsroom;
import news.dispatch.scheduler.digest.DigestBenchmark.Measured;
import news.dispatch.scheduler.digest.DigestBenchmark.Shape;
import news.dispatch.scheduler.digest.DigestBenchmark.Timing;
import news.dispatch.scheduler.digest.Digests.DigestRun;
import news.dispatch.scheduler.digest.Digests;

import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The morning digest end to end, as an operator lives it: N readers, the day's 5,000 stories, and how long until
 * every digest has gone out. The real pipeline in one JVM (H2 in files, as the app runs by default): the schedule's
 * run selects each reader's stories and queues the digests in the outbox; the delivery workers claim them, write
 * each email (JTE, then MIME), send it over kept-open connections to Postfix's {@code smtp-sink} on loopback, and
 * mark it sent. Each stage's cost is printed beside the naive way of doing it and beside the ceiling of the sink
 * itself, reached by a raw SMTP client pushing the same bytes over the same number of connections, just before the
 * delivery and just after it. The next day's morning follows in the same JVM, printed beside the targets: what a
 * node sends every morning after its first, its code compiled.
 *
 * <p>Not a test: the figures depend on the machine; it fails only when a digest is not delivered. Run it with
 * {@code ./mvnw -B -q -pl scheduler -am -Ppipeline-benchmark verify -DskipTests} ({@code -Xmx256m}, a JVM of its
 * own); {@code -Dpipeline.readers=100000} runs one size, {@code -Dpipeline.connections}, {@code -Dpipeline.batch-size}
 * tune the outbox, {@code -Dpipeline.dkim=true} signs every message (the raw client then pushes signed bytes too),
 * {@code -Dpipeline.database=postgresql} runs on the embedded PostgreSQL the tests use instead of H2 in files.
 */
public final class PipelineBenchmark {

    static final String FROM = "Dispatch <news@news.example>";
    static final int CONNECTIONS = Integer.getInteger("pipeline.connections", 4);
    static final int BATCH_SIZE = Integer.getInteger("pipeline.batch-size", 250);
    /** Every message signed with DKIM (rsa-sha256, the key the app makes at start), as a newsroom with DKIM on sends. */
    static final boolean DKIM = Boolean.getBoolean("pipeline.dkim");
    /** {@code h2} (in files, as the app runs by default) or {@code postgresql} (embedded, as the tests use). */
    static final String DATABASE = System.getProperty("pipeline.database", "h2");
    /**
     * Readers of the warm-up's newsroom ({@code -Dpipeline.warmup}, given through {@code -Dpipeline.jvm}). 20,000
     * (21,800 digests) leave the JIT's compilers 6.4–6.7 s of CPU in a signed delivery of 100,000 readers, where 5,000
     * left them 9.9 s: C2 compiles a method after some thousands of calls, about one a message for most of them.
     */
    static final int WARMUP_READERS = Integer.getInteger("pipeline.warmup", 20_000);
    /**
     * Readers of the second warm-up's newsroom, sent to smtp-sink ({@link #warmUpAgainst}). Its first messages make
     * HotSpot throw away and re-profile the sending loop's compiled code, whose counters then start again, and C2
     * compiles a method only after 5,000 calls times a factor that grows with its queue (3–5 here then;
     * {@code -XX:+PrintTieredEvents}, 5 December 11:54): with 5,000 readers the loop was still in C1's profiling code
     * when the measured delivery began, and C2 compiled it there (the compilers 4.8–7.0 s of CPU in the delivery);
     * with 25,000, 3.4–4.3 s.
     */
    static final int SINK_WARMUP_READERS = 25_000;
    static final int CAPTURED = 400;
    static final int RENDER_SAMPLE = 5_000;
    static final int NAIVE_WARMUP = 10;
    static final int NAIVE_MESSAGES = 200;
    /** How long a run of 100,000 readers may take to be delivered; larger ones in proportion. */
    static final Duration TIMEOUT = Duration.ofMinutes(15);
    /**
     * How often the run's progress is read: each reading is a wake-up on the cores the run shares, and every half
     * millisecond they took 6% of one (the main thread's CPU, DKIM on or off), more than the seconds-long end-to-end
     * percentiles need.
     */
    static final Duration FOLLOW_EVERY = Duration.ofMillis(2);

    static final double TARGET_RATE = 1_650;
    static final double TARGET_CEILING = 0.50;
    static final double TARGET_END_TO_END_CEILING = 0.45;
    static final double TARGET_NAIVE_SEND = 70;
    /** cost(N)/cost(100k) at most this times N/100k: linear, with a tenth to spare. */
    static final double TARGET_GROWTH = 1.1;

    private PipelineBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args.length > 0 ? args[0] : "target/pipeline-benchmark");
        List<Integer> sizes = Arrays.stream((args.length > 1 ? args[1] : "10000,100000,200000").split(","))
                .map(String::strip).map(Integer::valueOf).toList();
        if (!SmtpSinkProcess.installed()) {
            System.err.println("Postfix's smtp-sink is missing (" + SmtpSinkProcess.BINARY + "); the benchmark "
                    + "measures against it. Install it with:\n  " + SmtpSinkProcess.INSTALL);
            System.exit(2);
        }
        if (!DATABASE.equals("h2") && !DATABASE.equals("postgresql")) {
            throw new IllegalArgumentException("pipeline.database is h2 or postgresql, not " + DATABASE);
        }
        System.out.printf(Locale.ROOT, "Pipeline benchmark: %s, %d cores, Java %s, max heap %d MB, %s; "
                        + "%d connections, claims of %d, DKIM %s; load average %.2f%n", cpuModel(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20, DATABASE.equals("h2") ? "H2 "
                        + org.h2.engine.Constants.VERSION + " in files" : "PostgreSQL (embedded)", CONNECTIONS, BATCH_SIZE,
                DKIM ? "on (rsa-sha256)" : "off", load());
        double loadAtStart = load();
        List<Figures> all = new ArrayList<>();
        double naiveSend;
        try (SmtpSinkProcess sink = SmtpSinkProcess.start(CONNECTIONS)) {
            Warmup warmup = warmUp(directory.resolve("warmup"));
            warmUpAgainst(sink, directory.resolve("warmup-sink"));
            long nanos = NaiveMail.send(List.of(warmup.sample()), FROM, "127.0.0.1", sink.port(), NAIVE_WARMUP,
                    NAIVE_MESSAGES);
            naiveSend = NAIVE_MESSAGES / (nanos / 1e9);
            System.out.printf(Locale.ROOT, "naive JavaMailSender.send(msg) to smtp-sink, a connection per message: "
                    + "%,d messages in %.2f s, %,.0f msg/s%n", NAIVE_MESSAGES, nanos / 1e9, naiveSend);
            for (int readers : sizes) {
                all.add(measure(directory.resolve(String.valueOf(readers)), readers, sink, warmup.captured()));
            }
        }
        print(all, naiveSend, loadAtStart);
    }

    /** The captured bytes of the warm-up's messages, and one of its digests for the naive sender. */
    record Warmup(List<Captured> captured, Email sample) {
    }

    /**
     * A small newsroom's whole morning, to a server in this JVM that keeps the bytes sent: the JIT compiles the
     * pipeline, and the raw client gets real messages to push.
     */
    private static Warmup warmUp(Path directory) throws Exception {
        try (CapturingSmtpServer capture = new CapturingSmtpServer(CAPTURED);
             BigNewsroom room = new BigNewsroom(directory, WARMUP_READERS, shape(capture.port(), new Metrics(),
                     "pipeline_warmup"))) {
            DigestRun run = sendMorning(room, capture::accepted, "the warm-up");
            Email sample = render(room, 1).sample();
            List<Captured> captured = capture.captured();
            double average = captured.stream().mapToInt(Captured::length).average().orElse(0);
            System.out.printf(Locale.ROOT, "warm-up: %,d digests sent to a capturing server, %,d kept as sent "
                    + "(%,.0f bytes on average)%n", run.queued(), captured.size(), average);
            return new Warmup(captured, sample);
        }
    }

    /**
     * A second morning, in a context of its own, to smtp-sink itself. The code the first warm-up compiled
     * meets here what every new context does once, with compiled code: its first signing keys, its connections'
     * greetings (smtp-sink's, not the capturing server's), its buffers' first growth. Without it, the measured
     * delivery's first messages took those branches in compiled code: the JVM threw the sending loop's code away
     * (JFR, 5 December: {@code unstable_if} in {@code DkimSigner.sign}, {@code SmtpSession.reply} and
     * {@code MimeWriter.room} in the delivery's first second) and C2 compiled it again inside the measurement, a cost
     * a node pays once after it starts, not for every send.
     */
    private static void warmUpAgainst(SmtpSinkProcess sink, Path directory) throws Exception {
        Metrics metrics = new Metrics();
        try (BigNewsroom room = new BigNewsroom(directory, SINK_WARMUP_READERS, shape(sink.port(), metrics,
                "pipeline_warmup_sink"))) {
            DigestRun run = sendMorning(room, metrics::digestsSent, "the second warm-up");
            System.out.printf(Locale.ROOT, "second warm-up: %,d digests sent to smtp-sink from a context of their "
                    + "own%n", run.queued());
        }
    }

    /** The room's morning: its digests queued by the schedule's run, then sent until {@code sent} counts them all. */
    private static DigestRun sendMorning(BigNewsroom room, DoubleSupplier sent, String what)
            throws InterruptedException {
        SmartLifecycle workers = workers(room);
        room.clock().set(BigNewsroom.day(0));
        DigestRun run = room.context().getBean(Digests.class).runSchedule();
        workers.start();
        await(() -> sent.getAsDouble() >= run.queued(), what + "'s " + run.queued() + " digests", TIMEOUT);
        workers.stop();
        return run;
    }

    /** Everything measured for one size of newsroom. */
    record Figures(int readers, int digests, double naiveSelectionCpuMillis, double naiveSelectionMillis,
                   double naiveQueryMillis, Timing selection, Timing run, Timing outboxAlone, Rendered render,
                   Timing delivery, double[] sendLatency, double[] endToEndLatency, RawSmtpClient.Result rawBefore,
                   RawSmtpClient.Result raw, double rawCpuSink, double pipelineCpuSink, CoreTime cores,
                   String metrics, NextMorning next) {

        /**
         * The sink's ceiling while the delivery ran: the raw client's rate just before it and just after, averaged.
         * These machines' speed drifts within minutes (5,172 msg/s just before a delivery, 5,759 just after it; 5,381
         * in one run and 3,671 in the next), and one reading a minute after the delivery put that drift into the
         * ratio.
         */
        double ceiling() {
            return (rate(rawBefore) + rate(raw)) / 2;
        }

        static double rate(RawSmtpClient.Result raw) {
            return raw.latencies().length / (raw.nanos() / 1e9);
        }

        long endToEndMillis() {
            return run.millis() + delivery.millis();
        }

        long endToEndCpuMillis() {
            return run.processCpuMillis() + delivery.processCpuMillis();
        }
    }

    private static Figures measure(Path directory, int readers, SmtpSinkProcess sink, List<Captured> captured)
            throws Exception {
        Metrics metrics = new Metrics();
        try (BigNewsroom room = new BigNewsroom(directory, readers, shape(sink.port(), metrics,
                "pipeline_" + readers))) {
            SmartLifecycle workers = workers(room);
            Deliveries outbox = room.context().getBean(Deliveries.class);
            Baseline naive = room.baseline();
            Timing selection = room.selectionAlone();
            RawSmtpClient.Result rawBefore = ceiling("just before the delivery", sink, captured, readers).raw();

            room.clock().set(BigNewsroom.day(0));
            Instant since = room.clock().instant();
            Digests digests = room.context().getBean(Digests.class);
            long started = System.nanoTime();
            Measured<DigestRun> run = Timing.of(digests::runSchedule);
            int queued = run.result().queued();
            // Indexed by how many were sent: a run may queue a few more digests than there are readers made.
            long[] sentAt = new long[queued + 1];
            long sinkCpu = sink.cpuMillis();
            List<String> dashboard = new ArrayList<>();
            Map<String, Long> threadsBefore = threadCpu();
            CoreTime coresBefore = CoreTime.now();
            Timing delivery = Timing.of(() -> {
                workers.start();
                follow(metrics, 0, queued, sentAt, started, outbox, since, dashboard, room);
                return null;
            }).timing();
            CoreTime cores = CoreTime.now().since(coresBefore);
            double pipelineSinkCpu = sink.cpuMillis() - sinkCpu;
            long workerCpu = threadCpuMillis("dispatch-mail-");
            Map<String, Long> threadsAfter = threadCpuSince(threadsBefore);
            System.out.println("threads' CPU during delivery (ms): " + threadsAfter.entrySet().stream()
                    .filter(e -> e.getValue() > 50).sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .limit(10).map(e -> e.getKey() + " " + e.getValue()).toList());
            workers.stop();
            Map<DeliveryStatus, Long> counts = outbox.countByStatus();
            if (counts.get(DeliveryStatus.SENT) != queued) {
                throw new IllegalStateException("expected " + queued + " digests SENT, found " + counts);
            }
            System.out.printf(Locale.ROOT, "digest run: %,d queued in %.2f s; delivered in %.2f s, CPU %.2f s "
                            + "(%.2f ms a message), of which the workers' threads %.2f s (%.2f ms a message), the "
                            + "JIT's compilers %.2f s (%.2f ms), the collector's threads %.2f s (%.2f ms); GC pauses "
                            + "%.2f s%n", queued, run.timing().millis() / 1000.0, delivery.millis() / 1000.0,
                    delivery.processCpuMillis() / 1000.0, (double) delivery.processCpuMillis() / queued,
                    workerCpu / 1000.0, (double) workerCpu / queued,
                    threadsAfter.getOrDefault("JIT compilers", 0L) / 1000.0,
                    (double) threadsAfter.getOrDefault("JIT compilers", 0L) / queued,
                    threadsAfter.getOrDefault("garbage collector", 0L) / 1000.0,
                    (double) threadsAfter.getOrDefault("garbage collector", 0L) / queued,
                    delivery.gcMillis() / 1000.0);
            System.out.printf(Locale.ROOT, "the machine's cores during delivery: %.2f s, of which processes %.2f s "
                            + "(this JVM %.2f s, smtp-sink %.2f s, others %.2f s), interrupts %.2f s (loopback's TCP "
                            + "receive), idle %.2f s, stolen %.2f s; %.1f context switches a message%n",
                    cores.total() / 1000.0, cores.processes() / 1000.0, delivery.processCpuMillis() / 1000.0,
                    pipelineSinkCpu / 1000, (cores.processes() - delivery.processCpuMillis() - pipelineSinkCpu) / 1000,
                    cores.interrupts() / 1000.0, cores.idle() / 1000.0, cores.stolen() / 1000.0,
                    (double) cores.switches() / queued);
            String agreement = agreement(metrics, queued, run.timing(), dashboard, outbox, since);
            Rendered rendered = render(room, RENDER_SAMPLE);
            Timing outboxAlone = room.outboxAlone();
            Ceiling after = ceiling("just after the delivery", sink, captured, queued);
            RawSmtpClient.Result raw = after.raw();
            System.out.printf(Locale.ROOT, "raw client: %,d messages (%,d MB) in %.2f s, %s%n", queued,
                    raw.bytes() >> 20, raw.nanos() / 1e9, raw.pipelined() ? "pipelining" : "lockstep");
            // Last: the samples above read the run's deliveries.
            Outbox history = room.context().getBean(Outbox.class);
            Measured<Integer> pruned = Timing.of(() -> history.pruneFinished(room.clock().instant().plusSeconds(1)));
            System.out.printf(Locale.ROOT, "history pruned: %,d sent deliveries deleted in %.2f s (%,.0f a second; "
                            + "%.0f ms a statement of %,d ids on average)%n", pruned.result(),
                    pruned.timing().millis() / 1000.0, pruned.result() * 1000.0 / Math.max(1, pruned.timing().millis()),
                    pruned.timing().millis() / Math.ceil(pruned.result() / 5_000.0), 5_000);
            double[] endToEnd = new double[] {millis(sentAt[(queued + 1) / 2] - started),
                    millis(sentAt[(int) Math.ceil(queued * 0.99)] - started)};
            return new Figures(readers, queued, naive.cpuMillisFor(readers), naive.millisFor(readers),
                    naive.queryMillisFor(readers), selection, run.timing(), outboxAlone, rendered, delivery,
                    metrics.sendPercentiles(), endToEnd, rawBefore, raw, after.sinkCpuMillis(), pipelineSinkCpu, cores,
                    agreement, nextMorning(room, workers, metrics, outbox, sink, captured));
        }
    }

    /**
     * The next day's morning in the same JVM and newsroom, as a node that runs for days sends every morning but its
     * first: the code compiled by then, the compilers mostly idle. The ratios of the first morning stay the
     * benchmark's targets; this one is printed beside them.
     */
    record NextMorning(int digests, Timing run, Timing delivery, RawSmtpClient.Result rawBefore,
                       RawSmtpClient.Result rawAfter, long jitMillis, long collectorMillis) {

        double ceiling() {
            return (Figures.rate(rawBefore) + Figures.rate(rawAfter)) / 2;
        }

        double delivered() {
            return digests * 1000.0 / delivery.millis();
        }

        double endToEnd() {
            return digests * 1000.0 / (run.millis() + delivery.millis());
        }
    }

    private static NextMorning nextMorning(BigNewsroom room, SmartLifecycle workers, Metrics metrics,
                                           Deliveries outbox, SmtpSinkProcess sink, List<Captured> captured)
            throws InterruptedException {
        // The digests the outbox-alone measurement queued were never meant to go out.
        room.context().getBean(JdbcTemplate.class).update("delete from delivery where status = 'QUEUED'");
        room.publishTheDaysStories(BigNewsroom.day(1));
        RawSmtpClient.Result before = ceiling("before the next morning", sink, captured, room.readers()).raw();
        room.clock().set(BigNewsroom.day(1));
        Instant since = room.clock().instant();
        long started = System.nanoTime();
        Measured<DigestRun> run = Timing.of(room.context().getBean(Digests.class)::runSchedule);
        int queued = run.result().queued();
        double sentBefore = metrics.digestsSent();
        Map<String, Long> threadsBefore = threadCpu();
        Timing delivery = Timing.of(() -> {
            workers.start();
            follow(metrics, sentBefore, queued, new long[queued + 1], started, outbox, since, new ArrayList<>(), room);
            return null;
        }).timing();
        Map<String, Long> threads = threadCpuSince(threadsBefore);
        workers.stop();
        long sent = outbox.countByStatus().get(DeliveryStatus.SENT);
        if (sent != queued) {
            throw new IllegalStateException("the next morning: expected " + queued + " digests SENT, found " + sent);
        }
        RawSmtpClient.Result after = ceiling("after the next morning", sink, captured, queued).raw();
        NextMorning next = new NextMorning(queued, run.timing(), delivery, before, after,
                threads.getOrDefault("JIT compilers", 0L), threads.getOrDefault("garbage collector", 0L));
        System.out.printf(Locale.ROOT, "the next morning, same JVM: %,d queued in %.2f s; delivered in %.2f s, "
                        + "CPU %.2f s (%.2f ms a message), the JIT's compilers %.2f s, the collector's threads %.2f s; "
                        + "%.0f%% of the raw client's %,.0f (%,.0f before, %,.0f after)%n", queued,
                run.timing().millis() / 1000.0, delivery.millis() / 1000.0, delivery.processCpuMillis() / 1000.0,
                (double) delivery.processCpuMillis() / queued, next.jitMillis() / 1000.0,
                next.collectorMillis() / 1000.0, 100 * next.delivered() / next.ceiling(), next.ceiling(),
                Figures.rate(before), Figures.rate(after));
        return next;
    }

    /**
     * Waits until the sent counter has grown by {@code queued} from {@code sentBefore}, noting when each message was
     * counted (every {@link #FOLLOW_EVERY}), and reads the dashboard's progress every two seconds, as the dashboard's
     * script does.
     */
    private static void follow(Metrics metrics, double sentBefore, int queued, long[] sentAt, long started,
                               Deliveries outbox, Instant since, List<String> dashboard, BigNewsroom room) {
        Duration timeout = TIMEOUT.multipliedBy(Math.max(1, queued / 100_000));
        long deadline = System.nanoTime() + timeout.toNanos();
        long nextLook = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        int seen = 0;
        long nextCount = 0;
        // The counter counts sends: a claim given up after a failed statement is sent again when its lease ends,
        // so the run is over when the outbox has every delivery SENT, not when the counter reaches the number.
        while (seen < queued || nextCount >= 0) {
            if (seen >= queued && System.nanoTime() > nextCount) {
                nextCount = outbox.countByStatus().get(DeliveryStatus.SENT) >= queued ? -1
                        : System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            }
            long now = System.nanoTime();
            // The app's clock runs as a real one would: sent_at is true, and a claim whose worker gave up on it
            // (a failed statement) comes back when its lease ends, as in production.
            room.clock().set(since.plusNanos(now - started));
            int sent = (int) Math.min(queued, metrics.digestsSent() - sentBefore);
            for (int k = seen + 1; k <= sent; k++) {
                sentAt[k] = now;
            }
            seen = sent;
            if (now > nextLook) {
                long before = (long) metrics.sent();
                List<Progress> progress = outbox.progress();
                long after = (long) metrics.sent();
                // As the dashboard reads it: every 2 s, less often while a reading is costly.
                nextLook = System.nanoTime() + Progress.nextReading(Duration.ofNanos(System.nanoTime() - now))
                        .toNanos();
                progress.stream().filter(p -> p.kind() == DeliveryKind.DIGEST).findFirst().ifPresent(p ->
                        dashboard.add(String.format(Locale.ROOT, "%.0f s: dashboard %,d of %,d (%d%%), metric "
                                + "%,d–%,d", (now - started) / 1e9, p.done(), p.total(), p.percent(), before, after)));
            }
            if (now > deadline) {
                throw new IllegalStateException("gave up after " + timeout + " with " + seen + " of " + queued
                        + " sent");
            }
            java.util.concurrent.locks.LockSupport.parkNanos(FOLLOW_EVERY.toNanos());
        }
    }

    /** What the meters and the dashboard said, beside what the benchmark measured. */
    private static String agreement(Metrics metrics, int queued, Timing run, List<String> dashboard, Deliveries outbox,
                                    Instant since) {
        List<Progress> end = outbox.progress();
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "  dispatch.mail.deliveries{outcome=sent} %,.0f (digests queued %,d); "
                        + "dispatch.mail.send count %,d; dispatch.mail.queue %,.0f after the run%n", metrics.sent(),
                queued, metrics.sendCount(), metrics.queue()));
        out.append(String.format(Locale.ROOT, "  dispatch.mail.digest.build %.2f s (timed %.2f s), "
                        + "dispatch.mail.digest.queued %,.0f%n", metrics.buildSeconds(), run.millis() / 1000.0,
                metrics.digestsQueued()));
        for (String look : dashboard) {
            out.append("  ").append(look).append('\n');
        }
        out.append("  dashboard at the end: ").append(end.isEmpty() ? "no digests going out (all sent)"
                : end.toString()).append('\n');
        return out.toString();
    }

    /** Digests rendered by one thread from the outbox's own orders, with each one's time. */
    record Rendered(int count, long nanos, double[] percentiles, Email sample) {
    }

    private static Rendered render(BigNewsroom room, int sample) {
        Letters letters = room.context().getBean(Letters.class);
        Subscribers subscribers = room.context().getBean(Subscribers.class);
        Articles articles = room.context().getBean(Articles.class);
        List<Newsroom.Queued> queued = room.context().getBean(Newsroom.class).queued(sample);
        Map<Long, Subscriber> readers = new HashMap<>();
        subscribers.findAll(queued.stream().map(Newsroom.Queued::subscriberId).toList())
                .forEach(reader -> readers.put(reader.id(), reader));
        Map<Long, Article> stories = articles.headlines(queued.stream().flatMap(q -> q.articleIds().stream())
                .distinct().toList());
        long[] times = new long[queued.size()];
        Email last = null;
        long total = 0;
        for (int i = 0; i < queued.size(); i++) {
            Newsroom.Queued order = queued.get(i);
            List<Article> held = order.articleIds().stream().map(stories::get).toList();
            long start = System.nanoTime();
            last = letters.digest(readers.get(order.subscriberId()), held, order.more());
            times[i] = System.nanoTime() - start;
            total += times[i];
        }
        Arrays.sort(times);
        return new Rendered(queued.size(), total, new double[] {millis(times[times.length / 2]),
                millis(times[(int) (times.length * 0.99)])}, last);
    }

    private static Shape shape(int smtpPort, Metrics metrics, String database) {
        List<String> settings = new ArrayList<>(List.of("--spring.mail.host=127.0.0.1",
                "--spring.mail.port=" + smtpPort, "--dispatch.mail.enabled=true",
                "--dispatch.mail.connections=" + CONNECTIONS, "--dispatch.mail.batch-size=" + BATCH_SIZE,
                "--dispatch.mail.from=" + FROM, "--dispatch.mail.dkim.enabled=" + DKIM));
        if (DATABASE.equals("postgresql")) {
            for (String setting : PostgresForTests.datasource(database)) {
                settings.add("--" + setting);
            }
        }
        return new Shape(true, true, settings,
                context -> context.getBeanFactory().registerSingleton("meterRegistry", metrics.registry));
    }

    /** Started with the context; stopped until the benchmark starts them, so the clock starts at their first claim. */
    private static SmartLifecycle workers(BigNewsroom room) {
        SmartLifecycle workers = room.context().getBean("deliveryWorkers", SmartLifecycle.class);
        workers.stop();
        return workers;
    }

    /** The app's own meters, with the send latency's percentiles kept over the whole run. */
    static final class Metrics {

        final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        private Counter digestsSent;

        Metrics() {
            registry.config().meterFilter(new MeterFilter() {
                @Override
                public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                    if (!id.getName().equals("dispatch.mail.send")) {
                        return config;
                    }
                    return DistributionStatisticConfig.builder().percentiles(0.5, 0.99)
                            .expiry(Duration.ofHours(1)).bufferLength(1).build().merge(config);
                }
            });
        }

        double sent() {
            return registry.find("dispatch.mail.deliveries").tag("outcome", "sent").counters().stream()
                    .mapToDouble(Counter::count).sum();
        }

        /**
         * The digests sent, from the one counter the run's mail counts in, kept once found: read every 2 ms during
         * the measured delivery, where {@link #sent()} would search every meter of the registry each time.
         */
        double digestsSent() {
            if (digestsSent == null) {
                digestsSent = registry.find("dispatch.mail.deliveries").tags("kind", "DIGEST", "outcome", "sent")
                        .counter();
            }
            return digestsSent == null ? 0 : digestsSent.count();
        }

        long sendCount() {
            return registry.find("dispatch.mail.send").timers().stream().mapToLong(Timer::count).sum();
        }

        double queue() {
            Gauge gauge = registry.find("dispatch.mail.queue").gauge();
            return gauge == null ? Double.NaN : gauge.value();
        }

        double buildSeconds() {
            return registry.find("dispatch.mail.digest.build").timers().stream()
                    .mapToDouble(timer -> timer.totalTime(TimeUnit.SECONDS)).sum();
        }

        double digestsQueued() {
            return registry.find("dispatch.mail.digest.queued").counters().stream().mapToDouble(Counter::count)
                    .sum();
        }

        /** p50 and p99 of dispatch.mail.send in milliseconds. */
        double[] sendPercentiles() {
            Timer timer = registry.find("dispatch.mail.send").tag("kind", "DIGEST").timer();
            double[] values = new double[2];
            if (timer != null) {
                ValueAtPercentile[] percentiles = timer.takeSnapshot().percentileValues();
                for (int i = 0; i < Math.min(2, percentiles.length); i++) {
                    values[i] = percentiles[i].value(TimeUnit.MILLISECONDS);
                }
            }
            return values;
        }
    }

    private static void print(List<Figures> all, double naiveSend, double loadAtStart) {
        System.out.println();
        for (Figures f : all) {
            System.out.printf(Locale.ROOT, "Meters and dashboard, %,d readers:%n%s", f.readers(), f.metrics());
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "%d connections, claims of %d, DKIM %s; load average %.2f at the start, %.2f "
                + "at the end%n%n", CONNECTIONS, BATCH_SIZE, DKIM ? "on (rsa-sha256)" : "off", loadAtStart, load());
        System.out.println("| readers | stage | count | time | per second | p50 | p99 | CPU (process) | GC | peak heap |");
        System.out.println("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Figures f : all) {
            int n = f.digests();
            row(f.readers(), "digest run: selection + outbox (schedule run)", n, f.run().millis(), null,
                    f.run());
            row(f.readers(), "… selection alone, no writes", f.readers(), f.selection().millis(), null,
                    f.selection());
            row(f.readers(), "… outbox insert alone, batches of 1,000", f.readers(), f.outboxAlone().millis(), null,
                    f.outboxAlone());
            System.out.printf(Locale.ROOT, "| %,d | rendering alone, 1 thread (%,d digests) | %,d | %.2f s | %,.0f | "
                            + "%.2f ms | %.2f ms | — | — | — |%n", f.readers(), f.render().count(), f.render().count(),
                    f.render().nanos() / 1e9, f.render().count() / (f.render().nanos() / 1e9),
                    f.render().percentiles()[0], f.render().percentiles()[1]);
            row(f.readers(), "delivery: claim, render, MIME, SMTP, mark sent (" + CONNECTIONS + " conn.)", n,
                    f.delivery().millis(), f.sendLatency(), f.delivery());
            System.out.printf(Locale.ROOT, "| %,d | **end to end: run start → last digest accepted** | %,d | "
                            + "**%.2f s** | **%,.0f** | %.2f s | %.2f s | %.2f s | %.2f s | %d MB |%n", f.readers(), n,
                    f.endToEndMillis() / 1000.0, n * 1000.0 / f.endToEndMillis(), f.endToEndLatency()[0] / 1000,
                    f.endToEndLatency()[1] / 1000, f.endToEndCpuMillis() / 1000.0,
                    (f.run().gcMillis() + f.delivery().gcMillis()) / 1000.0,
                    Math.max(f.run().peakHeap(), f.delivery().peakHeap()) >> 20);
            ceilingRow(f.readers(), "just before the delivery", f.rawBefore());
            ceilingRow(f.readers(), "just after it", f.raw());
            System.out.printf(Locale.ROOT, "| %,d | naive selection: a query per reader (extrapolated) | %,d | "
                            + "%.1f s | %,.0f | — | — | %.1f s (thread) | — | — |%n", f.readers(), f.readers(),
                    f.naiveSelectionMillis() / 1000, f.readers() * 1000 / f.naiveSelectionMillis(),
                    f.naiveSelectionCpuMillis() / 1000);
            System.out.printf(Locale.ROOT, "| %,d | naive send: JavaMailSender.send(msg) (extrapolated) | %,d | "
                    + "%.0f s | %,.0f | — | — | — | — | — |%n", f.readers(), n, n / naiveSend, naiveSend);
        }
        System.out.println();
        Figures hundred = all.stream().filter(f -> f.readers() == 100_000).findFirst().orElse(all.get(all.size() - 1));
        for (Figures f : all) {
            double e2e = f.digests() * 1000.0 / f.endToEndMillis();
            double delivery = f.digests() * 1000.0 / f.delivery().millis();
            double ceiling = f.ceiling();
            System.out.printf(Locale.ROOT, "%,d readers: end to end %.1f s, %,.0f digests/s; delivery %,.0f msg/s = "
                            + "%.0f%% of the raw client's %,.0f (%,.0f just before, %,.0f just after: %.0f%% and %.0f%%) "
                            + "= %.0f× naive send; digest run %.0f× the naive "
                            + "selection (its queries alone: %.0f×); smtp-sink CPU %.1f s under the pipeline, %.1f s "
                            + "under the raw client%n", f.readers(), f.endToEndMillis() / 1000.0, e2e, delivery,
                    100 * delivery / ceiling, ceiling, Figures.rate(f.rawBefore()), Figures.rate(f.raw()),
                    100 * delivery / Figures.rate(f.rawBefore()), 100 * delivery / Figures.rate(f.raw()),
                    delivery / naiveSend, f.naiveSelectionMillis() / f.run().millis(),
                    f.naiveQueryMillis() / f.selection().millis(), f.pipelineCpuSink() / 1000,
                    f.rawCpuSink() / 1000);
        }
        System.out.println();
        double e2e = hundred.digests() * 1000.0 / hundred.endToEndMillis();
        double delivery = hundred.digests() * 1000.0 / hundred.delivery().millis();
        double ceiling = hundred.ceiling();
        System.out.printf(Locale.ROOT, "Targets (%,d readers):%n", hundred.readers());
        System.out.printf(Locale.ROOT, "  end to end ≥ %,.0f digests/s (100k in ≤ 60 s): %,.0f/s, %.1f s  %s%n",
                TARGET_RATE, e2e, hundred.endToEndMillis() / 1000.0, verdict(e2e >= TARGET_RATE));
        System.out.printf(Locale.ROOT, "  delivery ≥ %.0f%% of the raw client's ceiling: %.0f%%  %s%n",
                TARGET_CEILING * 100, 100 * delivery / ceiling, verdict(delivery / ceiling >= TARGET_CEILING));
        // Whether the target can fit on this machine at all: smtp-sink shares its cores, and at the target's rate takes
        // its own CPU a message times that rate; the rest, at best, is this JVM's.
        double targetRate = TARGET_CEILING * ceiling;
        double sinkMillis = hundred.pipelineCpuSink() / hundred.digests();
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf(Locale.ROOT, "    at %,.0f msg/s, %d cores leave this JVM at most %.2f ms of CPU a message "
                        + "beside smtp-sink's %.2f ms; the delivery took %.2f ms a message%n", targetRate, cores,
                (cores * 1000.0 - targetRate * sinkMillis) / targetRate, sinkMillis,
                (double) hundred.delivery().processCpuMillis() / hundred.digests());
        // The same, but the cores only as far as this delivery had them: what it left idle, what the kernel's
        // interrupts and other processes took, in the same shares at the target's rate.
        long coresMillis = hundred.cores().total();
        double elsewhere = coresMillis == 0 ? 0 : Math.max(0,
                1 - (hundred.delivery().processCpuMillis() + hundred.pipelineCpuSink()) / coresMillis);
        System.out.printf(Locale.ROOT, "    the delivery left %.0f%% of the cores idle, to interrupts or to other "
                        + "processes; in those shares the JVM would have at most %.2f ms a message%n", 100 * elsewhere,
                (cores * 1000.0 * (1 - elsewhere) - targetRate * sinkMillis) / targetRate);
        System.out.printf(Locale.ROOT, "  end to end ≥ %.0f%% of the raw client's ceiling: %.0f%%  %s%n",
                TARGET_END_TO_END_CEILING * 100, 100 * e2e / ceiling,
                verdict(e2e / ceiling >= TARGET_END_TO_END_CEILING));
        NextMorning next = hundred.next();
        System.out.printf(Locale.ROOT, "  the next morning, same JVM (not the targets' run): delivery %.0f%%, "
                        + "end to end %.0f%% of its raw client's %,.0f; %.2f ms of CPU a message, the compilers "
                        + "%.1f s%n",
                100 * next.delivered() / next.ceiling(), 100 * next.endToEnd() / next.ceiling(), next.ceiling(),
                (double) next.delivery().processCpuMillis() / next.digests(), next.jitMillis() / 1000.0);
        System.out.printf(Locale.ROOT, "  delivery ≥ %.0f× naive JavaMailSender.send: %.0f×  %s%n", TARGET_NAIVE_SEND,
                delivery / naiveSend, verdict(delivery / naiveSend >= TARGET_NAIVE_SEND));
        all.stream().filter(f -> f.readers() > hundred.readers()).forEach(larger -> {
            double bound = TARGET_GROWTH * larger.readers() / hundred.readers();
            String size = String.format(Locale.ROOT, "cost(%,d) / cost(%,d) ≤ %.1f", larger.readers(),
                    hundred.readers(), bound);
            growth(size + ", end to end", larger.endToEndMillis(), hundred.endToEndMillis(),
                    larger.endToEndCpuMillis(), hundred.endToEndCpuMillis(), bound);
            growth(size + ", the digest run", larger.run().millis(), hundred.run().millis(),
                    larger.run().processCpuMillis(), hundred.run().processCpuMillis(), bound);
            growth(size + ", delivery", larger.delivery().millis(), hundred.delivery().millis(),
                    larger.delivery().processCpuMillis(), hundred.delivery().processCpuMillis(), bound);
        });
        long peak = all.stream().mapToLong(f -> Math.max(f.run().peakHeap(), f.delivery().peakHeap())).max()
                .orElse(0);
        System.out.printf(Locale.ROOT, "  heap: peak %d MB in a JVM of at most %d MB%n", peak >> 20,
                Runtime.getRuntime().maxMemory() >> 20);
    }

    private static void growth(String what, long millis, long baseMillis, long cpuMillis, long baseCpuMillis,
                               double bound) {
        double time = (double) millis / baseMillis;
        double cpu = (double) cpuMillis / baseCpuMillis;
        System.out.printf(Locale.ROOT, "  %s: %.2f in time, %.2f in CPU time  %s%n", what, time, cpu,
                verdict(time <= bound && cpu <= bound));
    }

    private static void ceilingRow(int readers, String when, RawSmtpClient.Result raw) {
        long[] latencies = raw.latencies().clone();
        Arrays.sort(latencies);
        System.out.printf(Locale.ROOT, "| %,d | ceiling: raw SMTP client, same bytes, %d conn., %s | %,d | %.2f s | "
                        + "%,.0f | %.2f ms | %.2f ms | — | — | — |%n", readers, CONNECTIONS, when, latencies.length,
                raw.nanos() / 1e9, Figures.rate(raw), millis(latencies[latencies.length / 2]),
                millis(latencies[(int) (latencies.length * 0.99)]));
    }

    private static void row(int readers, String stage, int count, long millis, double[] latency, Timing timing) {
        System.out.printf(Locale.ROOT, "| %,d | %s | %,d | %.2f s | %,.0f | %s | %s | %.2f s | %.2f s | %d MB |%n",
                readers, stage, count, millis / 1000.0, count * 1000.0 / millis,
                latency == null ? "—" : String.format(Locale.ROOT, "%.2f ms", latency[0]),
                latency == null ? "—" : String.format(Locale.ROOT, "%.2f ms", latency[1]),
                timing.processCpuMillis() / 1000.0, timing.gcMillis() / 1000.0, timing.peakHeap() >> 20);
    }

    /**
     * CPU time of every live thread, by name (numbers dropped, so a pool's threads add up), and of the JVM's own
     * compiler and collector threads.
     */
    private static Map<String, Long> threadCpu() {
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Long> cpu = new HashMap<>();
        for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null) {
                cpu.merge(info.getThreadName().replaceAll("\\d+$", ""),
                        Math.max(0, threads.getThreadCpuTime(info.getThreadId())) / 1_000_000, Long::sum);
            }
        }
        cpu.putAll(jvmThreadCpu());
        return cpu;
    }

    /** The CPU time each thread name took since the reading given, from {@link #threadCpu()}. */
    private static Map<String, Long> threadCpuSince(Map<String, Long> before) {
        Map<String, Long> cpu = threadCpu();
        cpu.replaceAll((name, now) -> now - before.getOrDefault(name, 0L));
        return cpu;
    }

    /**
     * The JIT's compiler threads and the garbage collector's, which Java's list of threads leaves out, read from
     * {@code /proc/self/task} (Linux; none elsewhere): the process's CPU a message counts them too, and a run measured
     * soon after the warm-up still pays C2 for what it compiles.
     */
    private static Map<String, Long> jvmThreadCpu() {
        Map<String, Long> cpu = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                jvmThreadCpu(task, cpu);
            }
        } catch (IOException e) {
            return Map.of();
        }
        return cpu;
    }

    private static void jvmThreadCpu(Path task, Map<String, Long> cpu) {
        try {
            String name = Files.readString(task.resolve("comm")).strip();
            String group = name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre") ? "JIT compilers"
                    : name.startsWith("GC Thread") || name.startsWith("G1 ") ? "garbage collector" : null;
            if (group != null) {
                String stat = Files.readString(task.resolve("stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                // utime and stime, in the kernel's clock ticks: a hundred a second.
                cpu.merge(group, (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10, Long::sum);
            }
        } catch (IOException e) {
            // A thread that ended while the list was read: the JVM's own threads outlive the run.
        }
    }

    /** A reading of the sink's ceiling by the raw client, and the sink's CPU through it. */
    private record Ceiling(RawSmtpClient.Result raw, long sinkCpuMillis) {
    }

    /**
     * The raw client's reading of the sink's ceiling, and what else took the cores meanwhile: the ceiling shares them
     * with this JVM's own threads, which may still be compiling or collecting after what ran before it.
     */
    private static Ceiling ceiling(String when, SmtpSinkProcess sink, List<Captured> captured, int count)
            throws InterruptedException {
        Map<String, Long> threadsBefore = threadCpu();
        long sinkBefore = sink.cpuMillis();
        CoreTime coresBefore = CoreTime.now();
        RawSmtpClient.Result raw = RawSmtpClient.push(sink.port(), captured, count, CONNECTIONS);
        CoreTime cores = CoreTime.now().since(coresBefore);
        long sinkCpu = sink.cpuMillis() - sinkBefore;
        Map<String, Long> threads = threadCpuSince(threadsBefore);
        // The client's own threads have ended by now, and the list no longer holds them.
        long others = threads.values().stream().mapToLong(Long::longValue).sum();
        System.out.printf(Locale.ROOT, "ceiling %s: %,.0f msg/s in %.2f s; meanwhile smtp-sink %.2f s of CPU, this "
                        + "JVM's other threads %.2f s (the JIT's compilers %.2f s, the collector's %.2f s), the cores "
                        + "idle %.1f%%%n", when, Figures.rate(raw), raw.nanos() / 1e9, sinkCpu / 1000.0,
                others / 1000.0, threads.getOrDefault("JIT compilers", 0L) / 1000.0,
                threads.getOrDefault("garbage collector", 0L) / 1000.0,
                100.0 * cores.idle() / Math.max(1, cores.total()));
        return new Ceiling(raw, sinkCpu);
    }

    /** CPU time of the live threads whose names start so. */
    private static long threadCpuMillis(String prefix) {
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long nanos = 0;
        for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith(prefix)) {
                nanos += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return nanos / 1_000_000;
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }

    private static String verdict(boolean met) {
        return met ? "met" : "NOT met";
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(line -> line.startsWith("model name")).findFirst()
                    .map(line -> line.substring(line.indexOf(':') + 1).strip()).orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }

    private static void await(BooleanSupplier condition, String what, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up waiting for " + what);
            }
            Thread.sleep(5);
        }
    }
}
