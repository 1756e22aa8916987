package news.dispatch.mailer.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/**
 * A worker that finds the window full sends its owed final dot only when the wait is a long one: most waits end with
 * the next record, and a dot sent alone makes the server hold its next reply for 40 ms.
 */
class SentRecorderTest {

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

    private void fillTheWindow() throws InterruptedException {
        for (int i = 0; i < SentRecorder.window(4); i++) {
            recorder.beginSend(dotsSent::incrementAndGet);
        }
        assertThat(dotsSent).hasValue(0);
    }

    private void beginSend() {
        try {
            recorder.beginSend(dotsSent::incrementAndGet);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
