package news.dispatch.scheduler.digest;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * This node's share of the digest runs other nodes start: looks every {@code dispatch.digest.slice-poll} for a slice
 * nobody has claimed and presses it, then the next, until none is left. The node that started a run presses its
 * slices itself, so a single node works as without slices. Stopping lets the slice in hand finish.
 */
@Component
class SliceWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SliceWorker.class);

    private final DigestPress press;
    private final Duration poll;
    private volatile boolean running;
    private Thread thread;

    SliceWorker(DigestPress press, DigestSettings settings) {
        this.press = press;
        this.poll = settings.slicePoll();
    }

    @Override
    public synchronized void start() {
        running = true;
        thread = new Thread(this::work, "dispatch-digest-slices");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        synchronized (this) {
            notifyAll();
        }
        try {
            thread.join(Duration.ofSeconds(30).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void work() {
        while (running) {
            try {
                if (!press.pressOthersSlice()) {
                    pause();
                }
            } catch (RuntimeException e) {
                // The database went away, most likely: a slice claimed is taken back by another node after its lease.
                log.warn("Pressing a digest slice failed; trying again shortly: {}", e.toString());
                pause();
            }
        }
    }

    private synchronized void pause() {
        try {
            wait(poll.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
