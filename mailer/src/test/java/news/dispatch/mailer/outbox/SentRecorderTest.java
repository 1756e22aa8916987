package news.dispatch.mailer.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A worker that finds the window full sends its owed final dot only when the wait is a long one: most waits end with
 * the next record, and a dot sent alone makes the server hold its next reply for 40 ms. Beside a journal, what the
 * server accepted is in the journal when the worker is told so, and the workers go on while the database records the
 * journal's lines.
 */
class SentRecorderTest {

    @TempDir
    Path directory;

    private final SentRecorder recorder = new SentRecorder(null, Duration.ofMillis(10), 4, Duration.ZERO, null);
    private final AtomicInteger dotsSent = new AtomicInteger();

    @Test
    void aShortWaitForRoomKeepsTheDotForTheNextEnvelope() throws Exception {
        fillTheWindow();
        CompletableFuture<Void> next = CompletableFuture.runAsync(this::beginSend);

        Thread.sleep(20);
        recorder.notSent();

        next.get(5, TimeUnit.SECONDS);
        assertThat(dotsSent).hasValue(0);
    }

    @Test
    void aLongWaitForRoomSendsTheDotFirst() throws Exception {
        fillTheWindow();
        CompletableFuture<Void> next = CompletableFuture.runAsync(this::beginSend);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(dotsSent).hasValue(1));
        assertThat(next).isNotDone();
        recorder.notSent();

        next.get(5, TimeUnit.SECONDS);
        assertThat(dotsSent).hasValue(1);
    }

    /**
     * Workers stopping while the window is full (the database refuses to record, as one closed by a full disk does)
     * send nothing more: a waiting worker and a later one are told not to send, where both used to send at once.
     */
    @Test
    void workersStoppingWithTheWindowFullSendNothingMore() throws Exception {
        fillTheWindow();
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(this::mayBeginSend);
        Thread.sleep(20);

        recorder.stopping();

        assertThat(waiting.get(5, TimeUnit.SECONDS)).as("the worker that waited").isFalse();
        assertThat(mayBeginSend()).as("a worker after the stop began").isFalse();
        recorder.notSent();
        assertThat(mayBeginSend()).as("with room, a stopping worker's message goes").isTrue();
    }

    /**
     * Each message's line is written before {@code accepted} returns, so a kill at any later moment leaves it in the
     * file; while the database takes its time recording a thousand lines, the workers go on sending and noting, many
     * more than the window of eight. At the stop the database holds them all and the journal is empty.
     */
    @Test
    void besideAJournalAcceptedMailIsNotedAtOnceAndTheWorkersGoOnWhileTheDatabaseRecordsIt() throws Exception {
        Path file = directory.resolve("dispatch.sent");
        SlowDatabase database = new SlowDatabase();
        SentRecorder noting = new SentRecorder(database, Duration.ofMillis(10), 4, Duration.ZERO, file);
        noting.start();
        try {
            send(noting, LongStream.rangeClosed(1, SentRecorder.FOLD_AT));
            await().atMost(Duration.ofSeconds(5)).until(() -> database.recording.getCount() == 0);

            CompletableFuture<Void> more = CompletableFuture.runAsync(() ->
                    send(noting, LongStream.rangeClosed(SentRecorder.FOLD_AT + 1, SentRecorder.FOLD_AT + 100)));
            more.get(5, TimeUnit.SECONDS);
            try (SentJournal afterAKill = new SentJournal(file)) {
                assertThat(afterAKill.read()).hasSize(SentRecorder.FOLD_AT + 100);
            }
            assertThat(database.recorded).isEmpty();
        } finally {
            database.release.countDown();
            noting.stop();
        }
        assertThat(database.recorded).hasSize(SentRecorder.FOLD_AT + 100);
        try (SentJournal journal = new SentJournal(file)) {
            assertThat(journal.read()).isEmpty();
        }
    }

    /** Each message begun and accepted, as a worker does. */
    private static void send(SentRecorder recorder, LongStream ids) {
        ids.forEach(id -> {
            try {
                recorder.beginSend(() -> { });
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            recorder.accepted(new ClaimedDelivery(id, DeliveryKind.DIGEST, id, "claim-" + id / 500, null, 0,
                    Instant.EPOCH, Instant.EPOCH, null));
        });
    }

    /** A database that holds its first commit of sent mail until released, as one under a long write would. */
    private static final class SlowDatabase extends JdbcOutbox {

        final CountDownLatch recording = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final List<AcceptedMail> recorded = new CopyOnWriteArrayList<>();

        SlowDatabase() {
            super(null, null, new TransactionTemplate(), null, null, null, null);
        }

        @Override
        void sent(Collection<AcceptedMail> deliveries) {
            recording.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            recorded.addAll(deliveries);
        }
    }

    private void fillTheWindow() throws InterruptedException {
        for (int i = 0; i < SentRecorder.window(4); i++) {
            recorder.beginSend(dotsSent::incrementAndGet);
        }
        assertThat(dotsSent).hasValue(0);
    }

    private void beginSend() {
        mayBeginSend();
    }

    private boolean mayBeginSend() {
        try {
            return recorder.beginSend(dotsSent::incrementAndGet);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
