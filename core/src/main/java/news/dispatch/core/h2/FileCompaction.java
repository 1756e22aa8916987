package news.dispatch.core.h2;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import javax.sql.DataSource;

import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.RandomAccessStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Keeps the embedded H2 database's file about the size of its live data, as H2 itself would if commits were not
 * written at once. H2 writes every change to new places in its file; the pages a change replaced stay in their chunk
 * until H2's housekeeping rewrites the chunk's live pages elsewhere and, when nothing else writes, moves the chunks
 * together and cuts the file. That housekeeping runs on H2's background writer, which H2 does not start with
 * {@code WRITE_DELAY=0}, the setting that makes a commit reach the file before it returns. Without it, 50,000
 * readers imported and a week of their daily digests left the packaged jar a file of 998 MB for 60 MB of live data,
 * and nothing ever shrank it.
 *
 * <p>Each second this looks whether anything else wrote. Once a second has passed without a write, it does what H2's
 * housekeeping does when idle: it rewrites the partly used chunks and then packs the file, by steps of at most
 * {@link #QUIET_STEP} bytes for half of each second, until both are at H2's own aim or the spell's steps add up to
 * twice the file's size (a transaction held open keeps what it reads from being freed, and the same pages would be
 * rewritten again and again). Chunks left unused are freed only after H2's retention time (45 s), so the file
 * shrinks a minute or more into a quiet spell, by rounds that each wait that long. While others write it does
 * nothing: H2's housekeeping rewrites a little meanwhile, which took 2% of a signed delivery's CPU in the pipeline
 * benchmark and left the file no smaller after back-to-back days.
 */
final class FileCompaction implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(FileCompaction.class);

    private static final long EVERY_MILLIS = 1000;
    /** In a quiet spell: H2's own aim (its {@code AUTO_COMPACT_FILL_RATE}), a fraction of a second at a time. */
    private static final int QUIET_FILL = 90;
    private static final int QUIET_STEP = 4 << 20;
    /** Steps follow each other for half of each second of a quiet spell, a pause between them to see others write. */
    private static final long QUIET_SHARE_NANOS = 500_000_000;
    private static final long PAUSE_NANOS = 20_000_000;

    private final DataSource dataSource;
    private final boolean enabled;
    private ScheduledThreadPoolExecutor executor;
    private volatile boolean running;
    /** The file's writes counted after the last step: the same count at the next step means nobody else wrote. */
    private long writesSeen = -1;
    /** What this quiet spell may still write, or -1 before it began. */
    private long budget = -1;
    private long nextQuietStep;
    /** The file's size when the quiet spell began, for the log line when it ends packed. */
    private long sizeAtQuiet;
    private boolean failing;

    FileCompaction(DataSource dataSource, boolean enabled) {
        this.dataSource = dataSource;
        this.enabled = enabled;
    }

    private void keep() {
        try (Connection connection = dataSource.getConnection()) {
            MVStore store = EmbeddedFile.storeOf(connection);
            if (store == null || store.isClosed()) {
                return;
            }
            FileStore<?> file = store.getFileStore();
            if (file.getWriteCount() != writesSeen) {
                budget = -1;
            } else {
                quietSteps(store, file);
            }
            writesSeen = file.getWriteCount();
            failing = false;
        } catch (SQLException | RuntimeException e) {
            // Once for a run of failures: a database that stays out of reach would otherwise fill the log each second.
            if (!failing) {
                log.warn("Compacting the database file failed; trying again each second: {}", e.toString());
            }
            failing = true;
        }
    }

    /** Steps for at most half of the second, while nobody else writes. */
    private void quietSteps(MVStore store, FileStore<?> file) {
        long until = System.nanoTime() + QUIET_SHARE_NANOS;
        long ours;
        do {
            if (budget == 0 || System.currentTimeMillis() < nextQuietStep) {
                return;
            }
            quietStep(store, file);
            ours = file.getWriteCount();
            LockSupport.parkNanos(PAUSE_NANOS);
        } while (running && file.getWriteCount() == ours && System.nanoTime() < until);
    }

    /**
     * Rewrites partly used chunks, or else moves chunks into the free space nearest the file's start and cuts what
     * is left free at its end. What a rewrite moved is written by a commit of the store, as H2's background writer
     * would store it; the old chunks count as unused from then, and are freed after the retention time: a step that
     * finds nothing to rewrite or move while chunks are still partly unused waits for it.
     */
    private void quietStep(MVStore store, FileStore<?> file) {
        if (budget < 0) {
            budget = 2 * file.size() + 4L * QUIET_STEP;
            sizeAtQuiet = file.size();
        }
        if (store.compact(QUIET_FILL, QUIET_STEP)) {
            store.commit();
            budget = Math.max(0, budget - QUIET_STEP);
        } else if (store.getFillRate() < QUIET_FILL && file instanceof RandomAccessStore chunks) {
            chunks.compactMoveChunks(101, QUIET_STEP, store);
            budget = Math.max(0, budget - QUIET_STEP);
        } else if (file.getChunksFillRate() < QUIET_FILL) {
            nextQuietStep = System.currentTimeMillis() + store.getRetentionTime() + EVERY_MILLIS;
        } else {
            budget = 0;
        }
        if (budget == 0 && file.size() < sizeAtQuiet) {
            log.info("Packed the database file from {} MB to {} MB", sizeAtQuiet >> 20, file.size() >> 20);
        }
    }

    /** Does nothing for a database other than H2 in a file, or when {@code dispatch.h2.pack-when-quiet} is off. */
    @Override
    public synchronized void start() {
        if (running || !enabled) {
            return;
        }
        try (Connection connection = dataSource.getConnection()) {
            if (EmbeddedFile.storeOf(connection) == null) {
                return;
            }
        } catch (SQLException e) {
            log.warn("The database file is not kept compact: {}", e.toString());
            return;
        }
        executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "h2-file-compaction");
            thread.setDaemon(true);
            return thread;
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.scheduleWithFixedDelay(this::keep, EVERY_MILLIS, EVERY_MILLIS, TimeUnit.MILLISECONDS);
        running = true;
    }

    /** A step under way is waited for, never interrupted: H2 closes its file when a thread writing to it is. */
    @Override
    public void stop() {
        ScheduledThreadPoolExecutor stopping;
        synchronized (this) {
            if (!running) {
                return;
            }
            running = false;
            stopping = executor;
        }
        stopping.shutdown();
        try {
            stopping.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
