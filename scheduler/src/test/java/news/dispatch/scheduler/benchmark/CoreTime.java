package news.dispatch.scheduler.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The machine's cores' time so far, from the first line of {@code /proc/stat} (Linux; zeros elsewhere), in
 * milliseconds: what processes ran (user and system), what the kernel's interrupt handlers ran, and what no one did.
 * Interrupt time belongs to no process: on loopback, the receiving half of every TCP segment runs there (a softirq),
 * so the JVM's and smtp-sink's CPU together do not add up to what a delivery took of the cores.
 *
 * @param processes user, nice and system time
 * @param interrupts hardware and software interrupts (irq, softirq)
 * @param idle idle and waiting for I/O
 * @param stolen taken by the hypervisor for other guests
 */
record CoreTime(long processes, long interrupts, long idle, long stolen) {

    /** {@code USER_HZ}: /proc/stat counts in hundredths of a second on every Linux this runs on. */
    private static final long MILLIS_A_TICK = 10;

    static CoreTime now() {
        try {
            String first = Files.readAllLines(Path.of("/proc/stat")).get(0);
            long[] ticks = Arrays.stream(first.substring("cpu".length()).strip().split("\\s+"))
                    .mapToLong(Long::parseLong).toArray();
            return new CoreTime((ticks[0] + ticks[1] + ticks[2]) * MILLIS_A_TICK,
                    (ticks[5] + ticks[6]) * MILLIS_A_TICK, (ticks[3] + ticks[4]) * MILLIS_A_TICK,
                    ticks.length > 7 ? ticks[7] * MILLIS_A_TICK : 0);
        } catch (IOException | RuntimeException e) {
            return new CoreTime(0, 0, 0, 0);
        }
    }

    CoreTime since(CoreTime before) {
        return new CoreTime(processes - before.processes, interrupts - before.interrupts, idle - before.idle,
                stolen - before.stolen);
    }

    long total() {
        return processes + interrupts + idle + stolen;
    }
}
