package news.dispatch.mailer.benchmark;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import jakarta.mail.MessagingException;

import news.dispatch.core.SiteSettings;
import news.dispatch.core.article.Article;
import news.dispatch.core.article.Articles;
import news.dispatch.core.article.NewArticle;
import news.dispatch.core.link.LinkSettings;
import news.dispatch.core.link.LinkTokens;
import news.dispatch.core.subscriber.EmailAddress;
import news.dispatch.core.subscriber.Frequency;
import news.dispatch.core.subscriber.Preferences;
import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.core.subscriber.SubscriberStatus;
import news.dispatch.core.subscriber.Subscribers;
import news.dispatch.core.tag.Tag;
import news.dispatch.core.testing.PostgresForTests;
import news.dispatch.mailer.dkim.DkimAlgorithm;
import news.dispatch.mailer.dkim.DkimSigner;
import news.dispatch.mailer.dkim.SigningKeys;
import news.dispatch.mailer.letter.Email;
import news.dispatch.mailer.letter.Letters;
import news.dispatch.mailer.outbox.Deliveries;
import news.dispatch.mailer.outbox.DeliveryPeriod;
import news.dispatch.mailer.outbox.DeliveryStatus;
import news.dispatch.mailer.outbox.Outbox;
import news.dispatch.mailer.outbox.Outbox.DigestOrder;
import news.dispatch.mailer.sender.SenderIdentity;
import news.dispatch.mailer.smtp.SmtpSink;
import news.dispatch.mailer.testing.SmtpSinkProcess;
import news.dispatch.mailer.testing.NaiveMail;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * Prints how fast the mailer writes digests and delivers them through the outbox, next to the naive way of sending
 * (Spring's {@code JavaMailSender.send(message)}, one call per message). Everything runs in this JVM against a
 * loopback SMTP sink that discards, so the figures are the pipeline's own cost on this machine, not a network's.
 * A program, not a test: the figures depend on the machine, so nothing here passes or fails on them.
 *
 * <p>Run from the repository root: {@code ./mvnw -B -q -pl mailer -am -Pbenchmark verify -DskipTests}
 */
public final class MailerBenchmark {

    private static final URI SITE = URI.create("https://news.example");
    private static final String LINK_SECRET = "benchmark-link-secret-not-for-production";
    private static final String FROM = "Dispatch <news@news.example>";
    private static final int STORIES = 20;
    /** Readers' digests hold 5 to 20 of the stories, as personalised digests differ. */
    private static final int FEWEST_STORIES = 5;
    /** Stories that matched but did not fit: the digest links to them. */
    private static final int MORE = 4;
    private static final List<String> TAGS = List.of("Politics", "Climate", "US-Migration", "Technology", "Europe",
            "Health", "Science", "Business");

    private static final Duration RENDER_WARMUP = Duration.ofSeconds(3);
    private static final Duration RENDER_MEASURED = Duration.ofSeconds(5);
    private static final Duration SIGN_WARMUP = Duration.ofSeconds(2);
    private static final Duration SIGN_MEASURED = Duration.ofSeconds(3);
    private static final int NAIVE_WARMUP = 10;
    private static final int NAIVE_MESSAGES = 150;
    /** Digests sent through the same context before the measured round, so the JIT has compiled the path. */
    private static final int OUTBOX_WARMUP = 500;
    private static final Duration DELIVERY_TIMEOUT = Duration.ofMinutes(5);

    private static final double TARGET_RATE = 1_500;
    private static final double TARGET_RATIO = 50;
    private static final double TARGET_POSTGRES = 2_000;

    private MailerBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<NewArticle> stories = stories();
        Letters letters = new Letters(new SiteSettings(SITE, null),
                new LinkTokens(LINK_SECRET.getBytes(StandardCharsets.UTF_8)),
                new LinkSettings(null, Duration.ofDays(7)),
                new SenderIdentity("Dispatch <news@news.example>", "bounces@news.example", true));
        List<Article> published = new ArrayList<>();
        for (int i = 0; i < stories.size(); i++) {
            NewArticle story = stories.get(i);
            published.add(new Article(i + 1, story.title(), story.summary(), story.body(), story.author(), story.url(),
                    story.publishedAt(), story.tags()));
        }
        List<Email> digests = LongStream.rangeClosed(1, NAIVE_WARMUP + NAIVE_MESSAGES)
                .mapToObj(number -> letters.digest(reader(number), published.subList(0, storiesFor(number)), MORE))
                .toList();
        IntSummaryStatistics sizes = digests.stream().mapToInt(MailerBenchmark::size).summaryStatistics();
        Email sample = letters.digest(reader(1), published, MORE);

        System.out.println("Dispatch mailer benchmark");
        System.out.printf(Locale.ENGLISH, "JVM: %s %s (%s), %d CPUs available%s, max heap %d MiB%n",
                System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
                System.getProperty("java.vm.vendor"), Runtime.getRuntime().availableProcessors(), cpuModel(),
                Runtime.getRuntime().maxMemory() >> 20);
        System.out.printf(Locale.ENGLISH, "Digest: %d to %d stories; of %d, text part %,d chars, HTML part %,d "
                        + "chars; message sizes %,d to %,d bytes%n", FEWEST_STORIES, STORIES, STORIES,
                sample.text().length(), sample.html().length(), sizes.getMin(), sizes.getMax());
        System.out.printf(Locale.ENGLISH, "System load average at start: %.2f%n%n", loadAverage());

        Figure render = render(letters, published);
        byte[] wire = wire(sample);
        Figure signRsaJdk = signing(wire, false, DkimAlgorithm.RSA_SHA256);
        Figure signRsa = signing(wire, true, DkimAlgorithm.RSA_SHA256);
        Figure signEd = signing(wire, true, DkimAlgorithm.ED25519_SHA256);
        Figure signBoth = signing(wire, true, DkimAlgorithm.RSA_SHA256, DkimAlgorithm.ED25519_SHA256);
        Figure naive = naive(digests);
        Figure one = outbox(1, 2_000, stories);
        Figure four = outbox(4, 5_000, stories);
        Figure fourSigned = outbox(4, 5_000, stories, true);
        Figure postgresOne = outboxOnPostgres(1, 5_000, stories);
        Figure postgresTwo = outboxOnPostgres(2, 5_000, stories);
        Figure postfixNaive = null;
        Figure postfixFour = null;
        if (SmtpSinkProcess.installed()) {
            try (SmtpSinkProcess postfix = SmtpSinkProcess.start(8)) {
                postfixNaive = naive(digests, postfix.port(), "naive JavaMailSender.send(msg), smtp-sink");
                postfixFour = outbox(4, 5_000, stories, postfix.port(), "outbox -> SMTP, 4 conn., smtp-sink");
            }
        }

        System.out.printf(Locale.ENGLISH, "%-46s %9s %9s %12s%n", "", "count", "seconds", "per second");
        List<Figure> figures = new ArrayList<>(List.of(render, signRsaJdk, signRsa, signEd, signBoth, one, four,
                fourSigned, postgresOne, postgresTwo, naive));
        if (postfixFour != null) {
            figures.addAll(List.of(postfixFour, postfixNaive));
        }
        for (Figure figure : figures) {
            System.out.printf(Locale.ENGLISH, "%-46s %,9d %9.2f %,12.0f%n", figure.what(), figure.count(),
                    figure.seconds(), figure.perSecond());
        }
        System.out.println();
        System.out.printf(Locale.ENGLISH, "DKIM signing alone, a %,d-byte digest, 1 thread: rsa-sha256 (2048) "
                        + "%,.0f us (%,.0f us with the JDK's RSA: %.1fx), ed25519-sha256 %,.0f us, both %,.0f us per "
                        + "message%n", wire.length, signRsa.microsEach(), signRsaJdk.microsEach(),
                signRsaJdk.microsEach() / signRsa.microsEach(), signEd.microsEach(), signBoth.microsEach());
        System.out.printf(Locale.ENGLISH, "4 connections, DKIM on (rsa-sha256) / off: %,.2fx  (%,.0f vs %,.0f msg/s; "
                        + "target >= %,.0f)  %s%n", fourSigned.perSecond() / four.perSecond(), fourSigned.perSecond(),
                four.perSecond(), TARGET_RATE, verdict(fourSigned.perSecond() >= TARGET_RATE));
        System.out.printf(Locale.ENGLISH, "4 connections / naive: %,8.1fx   (target >= %.0fx)  %s%n",
                four.perSecond() / naive.perSecond(), TARGET_RATIO,
                verdict(four.perSecond() / naive.perSecond() >= TARGET_RATIO));
        System.out.printf(Locale.ENGLISH, "1 connection  / naive: %,8.1fx%n", one.perSecond() / naive.perSecond());
        System.out.printf(Locale.ENGLISH, "4 connections:         %,8.0f msg/s (target >= %,.0f)  %s%n",
                four.perSecond(), TARGET_RATE, verdict(four.perSecond() >= TARGET_RATE));
        System.out.printf(Locale.ENGLISH, "PostgreSQL, 2 nodes / 1 node: %,6.2fx (target >= 1x)  %s%n",
                postgresTwo.perSecond() / postgresOne.perSecond(),
                verdict(postgresTwo.perSecond() >= postgresOne.perSecond()));
        System.out.printf(Locale.ENGLISH, "PostgreSQL, 1 node:     %,8.0f deliveries/s claimed and completed "
                + "(target >= %,.0f)  %s%n", postgresOne.perSecond(), TARGET_POSTGRES,
                verdict(postgresOne.perSecond() >= TARGET_POSTGRES));
        if (postfixFour != null) {
            // Postfix's smtp-sink is the reference server: a C program that costs little CPU, and against which the
            // naive path meets the 40 ms stall of Nagle's algorithm and delayed ACKs, as against real servers.
            System.out.printf(Locale.ENGLISH, "against Postfix's smtp-sink, 4 connections / naive: %,.1fx "
                            + "(target >= %.0fx)  %s; 4 connections: %,.0f msg/s (target >= %,.0f)  %s%n",
                    postfixFour.perSecond() / postfixNaive.perSecond(), TARGET_RATIO,
                    verdict(postfixFour.perSecond() / postfixNaive.perSecond() >= TARGET_RATIO),
                    postfixFour.perSecond(), TARGET_RATE, verdict(postfixFour.perSecond() >= TARGET_RATE));
        } else {
            System.out.println("Postfix's smtp-sink is not installed, so the reference figures are missing: "
                    + SmtpSinkProcess.INSTALL);
        }
        // Other work on the machine takes CPU from every figure above.
        System.out.printf(Locale.ENGLISH, "System load average at end: %.2f%n", loadAverage());
    }

    /** Digests written per second by one thread, for readers in turn so the link tokens differ. */
    private static Figure render(Letters letters, List<Article> stories) {
        // Made beforehand: building a reader (address validation) is not part of writing their digest.
        List<Subscriber> readers = LongStream.rangeClosed(1, 1_000).mapToObj(MailerBenchmark::reader).toList();
        long warmupEnd = System.nanoTime() + RENDER_WARMUP.toNanos();
        for (int i = 0; System.nanoTime() < warmupEnd; i++) {
            letters.digest(readers.get(i % readers.size()), stories, MORE);
        }
        long chars = 0;
        int count = 0;
        long start = System.nanoTime();
        long end = start + RENDER_MEASURED.toNanos();
        long now = start;
        while (now < end) {
            Email email = letters.digest(readers.get(count++ % readers.size()), stories, MORE);
            // Using the result keeps the JIT from discarding the work.
            chars += email.text().length() + email.html().length();
            now = System.nanoTime();
        }
        if (chars == 0) {
            throw new IllegalStateException("rendering produced nothing");
        }
        return new Figure("render digest (Letters#digest, 1 thread)", count, now - start);
    }

    /**
     * The real pipeline: JdbcOutbox claim, Composition, SmtpConnection, marked SENT, with {@code connections}
     * workers on H2 in memory. Timed from the workers' first claim until the sink has taken every message.
     */
    private static Figure outbox(int connections, int messages, List<NewArticle> stories) throws IOException {
        return outbox(connections, messages, stories, false);
    }

    /** The same, each message signed with DKIM ({@code rsa-sha256}, the 2048-bit key made at start) when asked. */
    private static Figure outbox(int connections, int messages, List<NewArticle> stories, boolean dkim)
            throws IOException {
        List<String> args = new ArrayList<>(List.of(settings(connections, 0,
                "bench" + connections + (dkim ? "dkim" : ""))));
        try (SmtpSink sink = SmtpSink.discarding();
             ConfigurableApplicationContext context = SpringApplication.run(BenchmarkApplication.class,
                     withDkim(args, sink.port(), dkim))) {
            SmartLifecycle workers = context.getBean("deliveryWorkers", SmartLifecycle.class);
            // They start with the context. Stopped while the queue fills so the clock starts at their first claim;
            // a queued batch would only ring the doorbell, which wakes one idle worker, not all of them.
            workers.stop();
            Outbox outbox = context.getBean(Outbox.class);
            Deliveries deliveries = context.getBean(Deliveries.class);
            List<DigestOrder> orders = seed(context.getBean(Articles.class), context.getBean(Subscribers.class),
                    stories, messages);
            deliver(workers, outbox, deliveries, sink, warmUp(orders));
            long nanos = deliver(workers, outbox, deliveries, sink, orders);
            return new Figure("outbox -> SMTP, " + connections + (connections == 1 ? " connection" : " connections")
                    + (dkim ? ", DKIM rsa-sha256" : ""), messages, nanos);
        }
    }

    private static String[] withDkim(List<String> args, int port, boolean dkim) {
        args.replaceAll(arg -> arg.startsWith("--spring.mail.port=") ? "--spring.mail.port=" + port : arg);
        if (dkim) {
            args.add("--dispatch.mail.dkim.enabled=true");
        }
        return args.toArray(String[]::new);
    }

    /**
     * Signatures of one message by one thread, with a key of each algorithm given (more than one: a signature each,
     * the body hashed once), as a delivery worker signs: the whole of {@link DkimSigner#sign} per message.
     */
    private static Figure signing(byte[] message, boolean awsLc, DkimAlgorithm... algorithms)
            throws GeneralSecurityException {
        List<SigningKeys.Key> keys = new ArrayList<>();
        for (DkimAlgorithm algorithm : algorithms) {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(
                    algorithm == DkimAlgorithm.RSA_SHA256 ? "RSA" : "Ed25519");
            if (algorithm == DkimAlgorithm.RSA_SHA256) {
                generator.initialize(2048);
            }
            keys.add(new SigningKeys.Key("bench-" + algorithm.keyType(), algorithm,
                    generator.generateKeyPair().getPrivate()));
        }
        SigningKeys signing = new SigningKeys("news.example", keys);
        DkimSigner signer = new DkimSigner(() -> signing, awsLc);
        long warmupEnd = System.nanoTime() + SIGN_WARMUP.toNanos();
        long time = 1_741_934_400L;
        while (System.nanoTime() < warmupEnd) {
            signer.sign(message, message.length, 0, time++);
        }
        long bytes = 0;
        int count = 0;
        long start = System.nanoTime();
        long end = start + SIGN_MEASURED.toNanos();
        long now = start;
        while (now < end) {
            bytes += signer.sign(message, message.length, 0, time++).length;
            count++;
            now = System.nanoTime();
        }
        if (bytes == 0) {
            throw new IllegalStateException("signing produced nothing");
        }
        return new Figure("DKIM sign, " + String.join(" + ", Stream.of(algorithms).map(DkimAlgorithm::tag)
                .toList()) + (!List.of(algorithms).contains(DkimAlgorithm.RSA_SHA256) ? ""
                : awsLc ? ", RSA by AWS-LC" : ", RSA by the JDK") + ", 1 thread", count, now - start);
    }

    /** A digest's bytes as they go on the wire: CRLF lines, quoted-printable, as Dispatch's own writer makes them. */
    private static byte[] wire(Email email) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            NaiveMail.mime(new JavaMailSenderImpl(), email, FROM).writeTo(bytes);
            return bytes.toByteArray();
        } catch (IOException | MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The same, against an SMTP server that counts nothing (Postfix's smtp-sink): timed until every delivery is
     * marked {@code SENT}, which is a little later than the last message arrives.
     */
    private static Figure outbox(int connections, int messages, List<NewArticle> stories, int port, String what) {
        try (ConfigurableApplicationContext context = SpringApplication.run(BenchmarkApplication.class,
                settings(connections, port, "postfix" + connections))) {
            SmartLifecycle workers = context.getBean("deliveryWorkers", SmartLifecycle.class);
            workers.stop();
            Outbox outbox = context.getBean(Outbox.class);
            Deliveries deliveries = context.getBean(Deliveries.class);
            List<DigestOrder> orders = seed(context.getBean(Articles.class), context.getBean(Subscribers.class),
                    stories, messages);
            deliver(workers, outbox, deliveries, null, warmUp(orders));
            return new Figure(what, messages, deliver(workers, outbox, deliveries, null, orders));
        }
    }

    /**
     * The same pipeline on a real PostgreSQL (embedded), with {@code nodes} contexts of 4 connections each sharing
     * one database, as nodes of a cluster do: their claims meet in {@code SKIP LOCKED}.
     */
    private static Figure outboxOnPostgres(int nodes, int messages, List<NewArticle> stories) throws IOException {
        String url = PostgresForTests.jdbcUrl("mailer_bench_" + nodes);
        List<ConfigurableApplicationContext> contexts = new ArrayList<>();
        try (SmtpSink sink = SmtpSink.discarding()) {
            for (int node = 0; node < nodes; node++) {
                contexts.add(SpringApplication.run(BenchmarkApplication.class, onPostgres(settings(4, sink.port()),
                        url)));
            }
            List<SmartLifecycle> workers = contexts.stream()
                    .map(context -> context.getBean("deliveryWorkers", SmartLifecycle.class)).toList();
            workers.forEach(SmartLifecycle::stop);
            ConfigurableApplicationContext first = contexts.get(0);
            Outbox outbox = first.getBean(Outbox.class);
            Deliveries deliveries = first.getBean(Deliveries.class);
            List<DigestOrder> orders = seed(first.getBean(Articles.class), first.getBean(Subscribers.class), stories,
                    messages);
            SmartLifecycle all = new AllNodes(workers);
            deliver(all, outbox, deliveries, sink, warmUp(orders));
            long nanos = deliver(all, outbox, deliveries, sink, orders);
            return new Figure("outbox -> SMTP, PostgreSQL, " + nodes + (nodes == 1 ? " node" : " nodes")
                    + " x 4 conn.", messages, nanos);
        } finally {
            contexts.forEach(ConfigurableApplicationContext::close);
        }
    }

    private static String[] onPostgres(String[] settings, String url) {
        List<String> args = new ArrayList<>(List.of(settings));
        args.removeIf(arg -> arg.startsWith("--spring.datasource."));
        args.add("--spring.datasource.url=" + url);
        args.add("--spring.datasource.username=postgres");
        args.add("--spring.datasource.password=postgres");
        return args.toArray(String[]::new);
    }

    /** Starts and stops the workers of every node together. */
    private record AllNodes(List<SmartLifecycle> nodes) implements SmartLifecycle {

        @Override
        public void start() {
            nodes.forEach(SmartLifecycle::start);
        }

        @Override
        public void stop() {
            nodes.forEach(SmartLifecycle::stop);
        }

        @Override
        public boolean isRunning() {
            return nodes.stream().anyMatch(SmartLifecycle::isRunning);
        }
    }

    /**
     * Queues the digests, starts the workers, and answers the nanoseconds until the sink has accepted them all, or,
     * with no sink that counts ({@code null}), until they are all marked {@code SENT}.
     */
    private static long deliver(SmartLifecycle workers, Outbox outbox, Deliveries deliveries, SmtpSink sink,
                                List<DigestOrder> orders) {
        int accepted = (sink == null ? 0 : sink.accepted()) + orders.size();
        long sent = deliveries.countByStatus().get(DeliveryStatus.SENT) + orders.size();
        outbox.queueDigests(orders);
        long start = System.nanoTime();
        workers.start();
        if (sink == null) {
            await(() -> deliveries.countByStatus().get(DeliveryStatus.SENT) >= sent, "every delivery to be marked SENT");
            long nanos = System.nanoTime() - start;
            workers.stop();
            return nanos;
        }
        await(() -> sink.accepted() >= accepted, "the sink to accept " + orders.size() + " messages");
        long nanos = System.nanoTime() - start;
        // Not timed: the last batch is marked SENT just after its last message; it must be, or nothing counts.
        await(() -> deliveries.countByStatus().get(DeliveryStatus.SENT) >= sent, "every delivery to be marked SENT");
        workers.stop();
        Map<DeliveryStatus, Long> counts = deliveries.countByStatus();
        if (counts.get(DeliveryStatus.SENT) != sent || sink.accepted() != accepted) {
            throw new IllegalStateException("expected " + sent + " SENT and " + accepted + " accepted, found "
                    + counts + " and " + sink.accepted() + " accepted");
        }
        return nanos;
    }

    /** Publishes the stories and adds one active reader per message, each getting a digest of some of them. */
    private static List<DigestOrder> seed(Articles articles, Subscribers subscribers, List<NewArticle> stories,
                                          int readers) {
        List<Long> articleIds = stories.stream().map(articles::publish).map(Article::id).toList();
        List<DigestOrder> orders = new ArrayList<>(readers);
        for (int i = 1; i <= readers; i++) {
            Subscriber reader = reader(i);
            Subscriber added = subscribers.add(reader.email(), reader.preferences(), SubscriberStatus.ACTIVE);
            orders.add(new DigestOrder(added.id(), added.email().value(), new DeliveryPeriod.Day(LocalDate.of(2025, 3, 14)),
                    articleIds.subList(0, storiesFor(i)), MORE));
        }
        return orders;
    }

    /** The first readers' digests once more, for a period of their own: a reader gets one digest per period. */
    private static List<DigestOrder> warmUp(List<DigestOrder> orders) {
        return orders.subList(0, Math.min(OUTBOX_WARMUP, orders.size())).stream()
                .map(order -> new DigestOrder(order.subscriberId(), order.recipient(), new DeliveryPeriod.Run("warm-up"),
                        order.articleIds(), order.more()))
                .toList();
    }

    /** The same digests sent with a new connection per message, as {@code JavaMailSender.send} does. */
    private static Figure naive(List<Email> digests) throws IOException, MessagingException {
        try (SmtpSink sink = SmtpSink.discarding()) {
            long nanos = NaiveMail.send(digests, FROM, "127.0.0.1", sink.port(), NAIVE_WARMUP, NAIVE_MESSAGES);
            if (sink.accepted() != NAIVE_WARMUP + NAIVE_MESSAGES) {
                throw new IllegalStateException("the sink accepted " + sink.accepted() + " messages, expected "
                        + (NAIVE_WARMUP + NAIVE_MESSAGES));
            }
            return new Figure("naive JavaMailSender.send(msg), one per call", NAIVE_MESSAGES, nanos);
        }
    }

    /** The naive path against a server that counts nothing: {@code JavaMailSender.send} throws on a refusal. */
    private static Figure naive(List<Email> digests, int port, String what) throws MessagingException {
        return new Figure(what, NAIVE_MESSAGES, NaiveMail.send(digests, FROM, "127.0.0.1", port, NAIVE_WARMUP,
                NAIVE_MESSAGES));
    }

    private static String[] settings(int connections, int smtpPort) {
        return settings(connections, smtpPort, "bench" + connections);
    }

    private static String[] settings(int connections, int smtpPort, String database) {
        return new String[] {
                "--spring.main.banner-mode=off",
                "--logging.level.root=WARN",
                // H2 2.4 is newer than Flyway has verified; harmless, and it would interrupt the table.
                "--logging.level.org.flywaydb.core.internal.database.base.Database=ERROR",
                // Each context its own database: a second one must not find the first one's rows.
                "--spring.datasource.url=jdbc:h2:mem:" + database
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
                "--spring.datasource.username=sa",
                "--spring.mail.host=127.0.0.1",
                "--spring.mail.port=" + smtpPort,
                "--dispatch.mail.connections=" + connections,
                "--dispatch.mail.from=" + FROM,
                "--dispatch.base-url=" + SITE,
                "--dispatch.links.secret=" + LINK_SECRET,
        };
    }

    /** How many of the stories reader {@code number}'s digest holds: spread evenly over 5 to 20. */
    private static int storiesFor(long number) {
        return FEWEST_STORIES + (int) (number * 7 % (STORIES - FEWEST_STORIES + 1));
    }

    /** The bytes of the message as the naive sender writes it. */
    private static int size(Email email) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            NaiveMail.mime(new JavaMailSenderImpl(), email, FROM).writeTo(bytes);
            return bytes.size();
        } catch (IOException | MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A daily reader following three of the tags; which three depends on the number. */
    private static Subscriber reader(long number) {
        List<Tag> followed = Stream.of(0, 3, 5)
                .map(offset -> Tag.of(TAGS.get((int) ((number + offset) % TAGS.size()))))
                .toList();
        Instant joined = Instant.parse("2025-01-06T08:00:00Z");
        return new Subscriber(number, EmailAddress.of(String.format(Locale.ROOT, "reader%06d@example.org", number)),
                SubscriberStatus.ACTIVE, new Preferences(followed, Frequency.DAILY, ZoneId.of("Europe/Berlin"), 7,
                false), joined, joined, 0);
    }

    /** Twenty stories of newsroom length, newest first; some with their own url, some non-ASCII. */
    private static List<NewArticle> stories() {
        Instant newest = Instant.parse("2025-03-14T06:30:00Z");
        List<NewArticle> stories = new ArrayList<>(STORIES);
        for (int i = 0; i < STORIES; i++) {
            String title = "Story " + (i + 1) + ": Regional council approves €" + (12 + i)
                    + "m plan to rebuild flood defences along the river — after a two-year dispute";
            String summary = "The plan, backed by " + (30 + i) + " of 51 councillors, funds new levees, restores "
                    + "wetlands upstream and buys out the homes most at risk. Opponents say the “managed retreat” "
                    + "comes too late for the villages hit twice since 2021; the first works start in spring.";
            URI url = i % 2 == 0 ? URI.create("https://news.example/2025/03/story-" + (i + 1)) : null;
            List<Tag> tags = List.of(Tag.of(TAGS.get(i % TAGS.size())), Tag.of(TAGS.get((i + 3) % TAGS.size())));
            stories.add(new NewArticle(title, summary, null, i % 3 == 0 ? null : "Ana Müller and Sam Okafor", url,
                    newest.minus(Duration.ofMinutes(47L * i)), tags));
        }
        return stories;
    }

    private static String cpuModel() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(cpuinfo)) {
            return "";
        }
        try (Stream<String> lines = Files.lines(cpuinfo)) {
            return lines.filter(line -> line.startsWith("model name")).findFirst()
                    .map(line -> " (" + line.substring(line.indexOf(':') + 1).strip() + ")").orElse("");
        } catch (IOException e) {
            return "";
        }
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static String verdict(boolean met) {
        return met ? "met" : "NOT met";
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + DELIVERY_TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up waiting for " + what + " after " + DELIVERY_TIMEOUT);
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what, e);
            }
        }
    }

    /** How many of something were done in how long. */
    private record Figure(String what, long count, long nanos) {

        double seconds() {
            return nanos / 1e9;
        }

        double perSecond() {
            return count / seconds();
        }

        double microsEach() {
            return nanos / 1e3 / count;
        }
    }
}
