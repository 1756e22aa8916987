package news.dispatch.mailer.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.core.subscriber.Subscribers;
import news.dispatch.mailer.MailerTestApplication;
import news.dispatch.mailer.Readers;
import news.dispatch.mailer.smtp.SmtpSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.FileSystemUtils;

/**
 * A node killed with SIGKILL in the middle of sending, then started again on the same database: every message
 * arrives, and only what was in flight at the kill may arrive twice.
 */
class CrashRecoveryIT {

    private static final int READERS = 1_000;
    private static final int CONNECTIONS = 2;
    private static final int BATCH = 20;

    private final List<Process> nodes = new ArrayList<>();
    private Path data;

    @AfterEach
    void cleanUp() throws IOException {
        nodes.forEach(Process::destroyForcibly);
        if (data != null) {
            FileSystemUtils.deleteRecursively(data);
        }
    }

    @Test
    void nothingIsLostAndOnlyInFlightMailIsSentTwice() throws Exception {
        data = Files.createTempDirectory("dispatch-crash");
        try (SmtpSink sink = SmtpSink.accepting()) {
            assertThat(node(sink.port(), "seed").waitFor()).as("seeding exits cleanly").isZero();
            Process first = node(sink.port(), "send");
            await().atMost(Duration.ofSeconds(60)).until(() -> sink.accepted() >= READERS / 3);
            first.destroyForcibly().waitFor();
            int atKill = sink.accepted();
            assertThat(atKill).as("killed in the middle").isLessThan(READERS);

            Process second = node(sink.port(), "resume");
            await().atMost(Duration.ofSeconds(60)).until(() -> new HashSet<>(sink.recipients()).size() == READERS);
            second.destroyForcibly().waitFor();

            List<String> received = sink.recipients();
            Set<String> distinct = new HashSet<>(received);
            assertThat(distinct).hasSize(READERS);
            assertThat(received.size() - distinct.size()).as("sent twice: at most one batch per connection")
                    .isLessThanOrEqualTo(CONNECTIONS * BATCH);
        }
    }

    private Process node(int smtpPort, String mode) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                Node.class.getName(), mode, String.valueOf(smtpPort), data.toString())
                .redirectErrorStream(true)
                .redirectOutput(data.resolve(mode + ".log").toFile());
        Process process = builder.start();
        nodes.add(process);
        return process;
    }

    /** One Dispatch mailer node in its own JVM, on an H2 file database shared with the next node. */
    public static final class Node {

        public static void main(String[] args) throws InterruptedException {
            String mode = args[0];
            ConfigurableApplicationContext app = SpringApplication.run(MailerTestApplication.class,
                    "--dispatch.mail.enabled=" + !mode.equals("seed"),
                    "--spring.datasource.url=jdbc:h2:file:" + args[2] + File.separator + "dispatch"
                            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0",
                    "--spring.mail.host=127.0.0.1", "--spring.mail.port=" + args[1],
                    "--dispatch.mail.connections=" + CONNECTIONS, "--dispatch.mail.batch-size=" + BATCH,
                    "--dispatch.mail.lease=3s", "--dispatch.mail.per-second=400", "--dispatch.mail.idle-poll=200ms",
                    "--spring.main.banner-mode=off");
            if (mode.equals("seed")) {
                Subscribers subscribers = app.getBean(Subscribers.class);
                Outbox outbox = app.getBean(Outbox.class);
                TransactionTemplate transaction = app.getBean(TransactionTemplate.class);
                transaction.executeWithoutResult(status -> {
                    for (int i = 0; i < READERS; i++) {
                        Subscriber reader = Readers.active(subscribers, "reader" + i + "@example.com", "#Aviation");
                        outbox.queueNotice(reader, Notice.WELCOME);
                    }
                });
                app.close();
                return;
            }
            // The workers are daemon threads; this node lives until it is killed.
            Thread.currentThread().join();
        }
    }
}
