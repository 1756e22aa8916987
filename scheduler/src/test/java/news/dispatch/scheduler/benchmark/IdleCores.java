package news.dispatch.scheduler.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * How much of the machine's cores stays idle when a few threads alternate work and short sleeps, as delivery's
 * threads do, beside what would stay idle if a core with nothing to run took a waiting thread at once. No Dispatch
 * code runs: it tells the machine's share of a delivery's idle apart from the application's.
 *
 * <pre>
 * ./mvnw -B -q -o -pl scheduler test-compile
 * java -cp scheduler/target/test-classes news.dispatch.scheduler.benchmark.IdleCores 4 500 100
 * </pre>
 *
 * Arguments: threads, microseconds of work, microseconds asleep after it; each setting runs 5 s, then again with
 * twice the threads.
 */
final class IdleCores {

    private static final long RUN_NANOS = 5_000_000_000L;

    private IdleCores() {
    }

    public static void main(String[] args) throws InterruptedException {
        int threads = Integer.parseInt(args[0]);
        long work = Long.parseLong(args[1]) * 1_000;
        long sleep = Long.parseLong(args[2]) * 1_000;
        int cores = Runtime.getRuntime().availableProcessors();
        for (int count : new int[] {threads, 2 * threads}) {
            System.out.println(run(count, work, sleep, cores));
        }
    }

    private static String run(int threads, long work, long sleep, int cores) throws InterruptedException {
        List<Thread> running = new ArrayList<>();
        long[] asleep = new long[threads];
        long[] cycles = new long[threads];
        CoreTime before = CoreTime.now();
        long started = System.nanoTime();
        for (int i = 0; i < threads; i++) {
            int index = i;
            Thread thread = new Thread(() -> {
                long end = started + RUN_NANOS;
                for (long now = System.nanoTime(); now < end; now = System.nanoTime()) {
                    for (long busy = now + work; System.nanoTime() < busy; ) {
                        Thread.onSpinWait();
                    }
                    long fell = System.nanoTime();
                    long waitedBefore = runQueueWait();
                    LockSupport.parkNanos(sleep);
                    // Woken, a thread may wait for a core: that is not sleep, and the kernel counts it apart.
                    asleep[index] += System.nanoTime() - fell - (runQueueWait() - waitedBefore);
                    cycles[index]++;
                }
            });
            running.add(thread);
            thread.start();
        }
        for (Thread thread : running) {
            thread.join();
        }
        long elapsed = System.nanoTime() - started;
        CoreTime spent = CoreTime.now().since(before);
        long sleeps = 0;
        double asleepShare = 0;
        for (int i = 0; i < threads; i++) {
            sleeps += cycles[i];
            asleepShare += (double) asleep[i] / elapsed / threads;
        }
        return String.format(Locale.ROOT, "%d threads on %d cores, %d µs of work then %d µs asleep (each asleep "
                        + "%.0f%% of the time, %,.0f sleeps a second in all): the cores idle %.1f%%; %.1f%% if a core "
                        + "with nothing to run took a waiting thread at once",
                threads, cores, work / 1_000, sleep / 1_000, 100 * asleepShare, sleeps / (elapsed / 1e9),
                100.0 * spent.idle() / Math.max(1, spent.total()), 100 * expectedIdle(threads, cores, asleepShare));
    }

    /** Nanoseconds this thread has waited for a core while runnable, from the kernel's schedstat (0 elsewhere). */
    private static long runQueueWait() {
        try {
            String[] fields = Files.readString(Path.of("/proc/thread-self/schedstat")).strip().split(" ");
            return Long.parseLong(fields[1]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The idle share of the cores when each thread sleeps independently a share of the time, and no core waits. */
    private static double expectedIdle(int threads, int cores, double asleep) {
        double idle = 0;
        for (int runnable = 0; runnable < cores; runnable++) {
            idle += binomial(threads, runnable) * Math.pow(1 - asleep, runnable)
                    * Math.pow(asleep, threads - runnable) * (cores - runnable) / cores;
        }
        return idle;
    }

    private static double binomial(int n, int k) {
        double result = 1;
        for (int i = 1; i <= k; i++) {
            result = result * (n - k + i) / i;
        }
        return result;
    }
}
