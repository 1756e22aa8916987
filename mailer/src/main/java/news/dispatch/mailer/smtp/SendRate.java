package news.dispatch.mailer.smtp;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Keeps this node under the sending limits of providers that cap senders: at most {@code perSecond} messages
 * a second, evenly spaced, and {@code perHour} in any sliding hour. Zero means no limit. Shared by all
 * connections of the node.
 */
public final class SendRate {

    private static final long HOUR = Duration.ofHours(1).toNanos();

    private final long spacing;
    private final int perHour;
    private final LongSupplier nanoTime;
    private final Deque<Long> lastHour = new ArrayDeque<>();
    private long nextSlot = Long.MIN_VALUE;

    public SendRate(int perSecond, int perHour, LongSupplier nanoTime) {
        this.spacing = perSecond > 0 ? TimeUnit.SECONDS.toNanos(1) / perSecond : 0;
        this.perHour = perHour;
        this.nanoTime = nanoTime;
    }

    public static SendRate unlimited() {
        return new SendRate(0, 0, System::nanoTime);
    }

    /** Waits until one more message may go, doing {@code beforeWaiting} first when it must wait. */
    public void acquire(Runnable beforeWaiting) throws InterruptedException {
        long wait = reserve();
        if (wait > 0) {
            beforeWaiting.run();
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    /** Takes the next free slot and answers how many nanoseconds to wait for it. */
    synchronized long reserve() {
        long now = nanoTime.getAsLong();
        long slot = now;
        if (spacing > 0) {
            slot = nextSlot == Long.MIN_VALUE ? now : Math.max(now, nextSlot);
            nextSlot = slot + spacing;
        }
        if (perHour > 0) {
            while (!lastHour.isEmpty() && lastHour.peekFirst() + HOUR <= slot) {
                lastHour.pollFirst();
            }
            if (lastHour.size() >= perHour) {
                slot = Math.max(slot, lastHour.pollFirst() + HOUR);
                if (spacing > 0) {
                    nextSlot = slot + spacing;
                }
            }
            lastHour.addLast(slot);
        }
        return slot - now;
    }
}
