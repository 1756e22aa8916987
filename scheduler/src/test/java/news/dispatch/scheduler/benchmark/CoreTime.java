package news.dispatch.scheduler.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

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
 * @param switches context switches on all cores: each is a thread going to sleep or being put aside for another, and
 *        a core with nothing else to run halts until the next wake-up
 */
record CoreTime(long processes, long interrupts, long idle, long stolen, long switches) {

    /** {@code USER_HZ}: /proc/stat counts in hundredths of a second on every Linux this runs on. */
    private static final long MILLIS_A_TICK = 10;

    static CoreTime now() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/stat"));
            long[] ticks = Arrays.stream(lines.get(0).substring("cpu".length()).strip().split("\\s+"))
                    .mapToLong(Long::parseLong).toArray();
            long switches = lines.stream().filter(line -> line.startsWith("ctxt "))
                    .mapToLong(line -> Long.parseLong(line.substring("ctxt ".length()).strip())).findFirst().orElse(0);
            return new CoreTime((ticks[0] + ticks[1] + ticks[2]) * MILLIS_A_TICK,
                    (ticks[5] + ticks[6]) * MILLIS_A_TICK, (ticks[3] + ticks[4]) * MILLIS_A_TICK,
                    ticks.length > 7 ? ticks[7] * MILLIS_A_TICK : 0, switches);
        } catch (IOException | RuntimeException e) {
            return new CoreTime(0, 0, 0, 0, 0);
        }
    }

    CoreTime since(CoreTime before) {
        return new CoreTime(processes - before.processes, interrupts - before.interrupts, idle - before.idle,
                stolen - before.stolen, switches - before.switches);
    }

    long total() {
        return processes + interrupts + idle + stolen;
    }
}
