package news.dispatch.mailer.smtp;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * How a session waits for the server's reply before it blocks in a read: for a moment it looks whether the reply has
 * come, giving its core to any other thread with work in between.
 *
 * <p>Why: a read that blocks puts the thread to sleep, and a core left with nothing to run halts. On a virtual
 * machine waking it again goes through the hypervisor, and the core stays idle meanwhile: in the signed pipeline
 * benchmark, four workers and {@code smtp-sink} on two cores left 7–8% of them idle, and a program of plain threads
 * that work and sleep (the scheduler's {@code IdleCores}) showed this machine leaving three to four times the idle
 * that the threads' sleeps alone account for. Looking for the reply first halved the idle (3.5–4.6%) and sent about
 * 4% more a second (the scheduler README, 5 December 17:46–18:25). A server that answers slower than the look lasts
 * (one across a network) costs the look once, then not again for {@link #REST} replies, so that a session talking to
 * it mostly blocks at once, as before.
 */
final class ReplyWait {

    /** How long a session looks for a reply before it blocks: longer than loopback's replies take under load. */
    static final Duration LOOK = Duration.ofNanos(300_000);
    /** After a reply that took longer than the look, this many replies are waited for by blocking at once. */
    static final int REST = 16;

    private final LongSupplier nanoTime;
    private int resting;

    ReplyWait() {
        this(System::nanoTime);
    }

    /** @param nanoTime the clock the look is timed by, {@link System#nanoTime} but in tests */
    ReplyWait(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /**
     * Returns once the reply has begun to arrive or the look is over, whichever is first; the read that follows
     * blocks only in the second case.
     */
    void await(InputStream in) throws IOException {
        if (in.available() > 0) {
            return;
        }
        if (resting > 0) {
            resting--;
            return;
        }
        long end = nanoTime.getAsLong() + LOOK.toNanos();
        do {
            Thread.yield();
            if (in.available() > 0) {
                return;
            }
        } while (nanoTime.getAsLong() - end < 0);
        resting = REST;
    }
}
