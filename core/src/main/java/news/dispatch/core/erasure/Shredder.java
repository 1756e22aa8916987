package news.dispatch.core.erasure;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import news.dispatch.core.h2.EmbeddedFile;
import news.dispatch.core.subscriber.ReadersForgotten;

import org.h2.engine.SessionLocal;
import org.h2.index.Index;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.RandomAccessStore;
import org.h2.table.Table;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Clears what deleted readers leave in the database's files, a while after they are deleted. A delete only marks
 * data unused: H2 writes every change to new places in its file and leaves the old copies where they were until
 * the space is needed again, and PostgreSQL keeps deleted rows in its pages until they are vacuumed. Deletions within
 * {@code shredAfter} of the first one are cleared together, by a run made twice, {@link #AGAIN_AFTER} apart.
 *
 * <p>On the embedded H2 the index on the address is built afresh (a B-tree's inner pages keep copies of keys deleted
 * from its leaves), every part of the file that holds an unused page is rewritten, and the file is packed and cut to
 * its live data, so no byte of the deleted data stays in it. On PostgreSQL the tables that held the readers are
 * vacuumed: their deleted rows are removed from the pages, though copies may still be in free space, the
 * write-ahead log and backups.
 *
 * <p>Each deletion also notes in its own transaction that a run is due ({@code shred_due}); a run removes the notes
 * it saw once both its passes are made. A start that finds notes, left by a node killed before its run, runs at
 * once; any other start does not rewrite the file.
 */
final class Shredder implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Shredder.class);

    private static final String ADDRESS_INDEX = "subscriber_email_unique";
    private static final String REBUILT_INDEX = "subscriber_email_rebuilt";
    /** Long past the statements that may have been running when a run cleared the files. */
    private static final Duration AGAIN_AFTER = Duration.ofSeconds(2);

    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final Duration after;
    private final AtomicBoolean due = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private ScheduledThreadPoolExecutor executor;
    private volatile boolean running;
    /** The notes the run under way saw before it cleared the files: its second pass removes them. */
    private volatile List<Long> notesOfTheRun = List.of();

    Shredder(DataSource dataSource, Duration after) {
        this.dataSource = dataSource;
        this.jdbc = JdbcClient.create(dataSource);
        this.after = after;
    }

    /** In the deleting transaction, so that the note and the deletion commit or roll back together. */
    @EventListener
    void forgetting(ReadersForgotten readers) {
        jdbc.sql("insert into shred_due (noted_at) values (current_timestamp)").update();
    }

    /** After the deletion commits; at once for one made outside a transaction. */
    @TransactionalEventListener(fallbackExecution = true)
    void forgotten(ReadersForgotten readers) {
        shredSoon();
    }

    /** Clears the files {@code shredAfter} from now, unless a run is due already: that one clears this too. */
    synchronized void shredSoon() {
        if (running && due.compareAndSet(false, true)) {
            executor.schedule(this::shredDue, after.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void shredDue() {
        // Cleared first: a deletion committed while this run works gets a run of its own.
        due.set(false);
        try {
            notesOfTheRun = notes();
            shred();
            again.set(true);
            executor.schedule(this::shredAgain, AGAIN_AFTER.toMillis(), TimeUnit.MILLISECONDS);
        } catch (SQLException | RuntimeException e) {
            log.warn("Clearing deleted readers' data from the database's files failed; trying again in {}: {}", after,
                    e.toString());
            shredSoon();
        }
    }

    /**
     * A transaction that still saw the deleted rows during the run kept them: on H2 their pages counted as live and
     * stayed in the file (one run in seven of {@code ShredderIT} while other work wrote without pause), and
     * PostgreSQL's VACUUM keeps the rows an open snapshot sees. Once such transactions have ended, a second run clears
     * them.
     */
    private void shredAgain() {
        again.set(false);
        try {
            shred();
            removeNotes(notesOfTheRun);
        } catch (SQLException | RuntimeException e) {
            log.warn("Clearing deleted readers' data from the database's files a second time failed; trying again in "
                    + "{}: {}", after, e.toString());
            shredSoon();
        }
    }

    /** Clears the files now. */
    synchronized void shred() throws SQLException {
        long started = System.nanoTime();
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
            connection.setAutoCommit(true);
            String product = connection.getMetaData().getDatabaseProductName();
            if ("PostgreSQL".equals(product)) {
                // Outside a transaction, as VACUUM must be; tables another VACUUM holds are left to it.
                sql.execute("vacuum (skip_locked) subscriber, subscriber_tag, confirmation, digest_cursor, delivery, "
                        + "suppression, consent, webhook_call, webhook_attempt");
                log.info("Vacuumed the readers' tables in {} ms", elapsed(started));
                return;
            }
            MVStore store = EmbeddedFile.storeOf(connection);
            if (store == null) {
                return;
            }
            rebuildAddressIndex(sql);
            rewrite(store);
            log.info("Rewrote the database file without deleted readers' data in {} ms ({} KB)", elapsed(started),
                    store.getFileStore().size() / 1024);
        }
    }

    /**
     * Builds the unique index on the address beside the old one and swaps them, so that uniqueness holds throughout.
     * A run cut short between the drop and the rename is finished by the next.
     */
    private void rebuildAddressIndex(Statement sql) throws SQLException {
        if (!indexExists(sql, ADDRESS_INDEX) && indexExists(sql, REBUILT_INDEX)) {
            sql.execute("alter index " + REBUILT_INDEX + " rename to " + ADDRESS_INDEX);
        }
        if (indexExists(sql, REBUILT_INDEX)) {
            dropWithTableLocked(sql, REBUILT_INDEX);
        }
        sql.execute("create unique index " + REBUILT_INDEX + " on subscriber (email_key)");
        dropWithTableLocked(sql, ADDRESS_INDEX);
        sql.execute("alter index " + REBUILT_INDEX + " rename to " + ADDRESS_INDEX);
    }

    /**
     * Drops an index on {@code subscriber} while a second connection holds the table's exclusive lock, which H2's
     * {@code DROP INDEX} does not take. Without it, a sign-up writing to the old index as it is dropped either fails
     * ("database has been closed") or puts its entry into the map H2 has just emptied; H2 then writes that page and
     * counts it live for good, as it belongs to no map any more, so the part of the file holding it, with the unused
     * pages of erased addresses beside it, is never rewritten or freed. The lock waits for the transactions writing
     * to the table to end, as building the index did, and holds off new ones only while the index is dropped. The
     * lock is taken through H2's own table, as SQL offers no statement that takes it and keeps it past a DDL.
     */
    private void dropWithTableLocked(Statement sql, String index) throws SQLException {
        try (Connection holding = dataSource.getConnection()) {
            holding.setAutoCommit(false);
            try {
                SessionLocal session = (SessionLocal) holding.unwrap(JdbcConnection.class).getSession();
                Index dropped = session.getDatabase().getSchema(session.getCurrentSchemaName())
                        .findIndex(session, index);
                if (dropped != null) {
                    dropped.getTable().lock(session, Table.EXCLUSIVE_LOCK);
                }
                sql.execute("drop index " + index);
            } finally {
                holding.rollback();
            }
        }
    }

    private static boolean indexExists(Statement sql, String name) throws SQLException {
        try (var rows = sql.executeQuery(
                "select count(*) from information_schema.indexes where index_name = '" + name + "'")) {
            return rows.next() && rows.getLong(1) > 0;
        }
    }

    /**
     * Rewrites the live pages of every chunk that also holds unused ones, then moves the chunks together and cuts
     * the file after the last, so that the unused pages are neither in a chunk nor in free space: H2 does not clear
     * the space it frees. The store's retention time is lifted meanwhile, for the chunks left behind to be freed at
     * once. A chunk is freed only once no open transaction reads the versions it holds, and H2 learns that at a
     * commit: hence the commits, and the second packing, which frees what the first one's commit released.
     */
    private static void rewrite(MVStore store) {
        int retention = store.getRetentionTime();
        store.setRetentionTime(0);
        try {
            store.commit();
            // The second pass rewrites what the first one's commit left unused.
            for (int pass = 0; pass < 2 && store.compact(100, Integer.MAX_VALUE); pass++) {
                store.sync();
            }
            if (store.getFileStore() instanceof RandomAccessStore file) {
                for (int packing = 0; packing < 2; packing++) {
                    store.commit();
                    store.sync();
                    file.compactMoveChunks(100, Long.MAX_VALUE, store);
                }
            }
        } finally {
            store.setRetentionTime(retention);
        }
    }

    /** Read before a run clears the files, so that a deletion committed meanwhile keeps its note for another run. */
    private List<Long> notes() {
        return jdbc.sql("select id from shred_due").query(Long.class).list();
    }

    private void removeNotes(List<Long> ids) {
        if (!ids.isEmpty()) {
            jdbc.sql("delete from shred_due where id in (:ids)").param("ids", ids).update();
        }
    }

    private static long elapsed(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }

    /** Clears the files at once if a node stopped before clearing what it had noted: a crash, or a failed run. */
    @Override
    public synchronized void start() {
        if (!running) {
            executor = new ScheduledThreadPoolExecutor(1, task -> {
                Thread thread = new Thread(task, "shredder");
                thread.setDaemon(true);
                return thread;
            });
            executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
            running = true;
            if (!notes().isEmpty() && due.compareAndSet(false, true)) {
                executor.execute(this::shredDue);
            }
        }
    }

    /**
     * A run due for a deletion is done now, before the database closes, and its notes removed. One under way is
     * waited for, never interrupted: H2 closes its file when a thread writing to it is interrupted.
     */
    @Override
    public void stop() {
        boolean wasDue;
        synchronized (this) {
            if (!running) {
                return;
            }
            running = false;
            executor.shutdown();
            // A second run not made yet is made here too: the executor drops what it has not started.
            wasDue = due.getAndSet(false) | again.getAndSet(false);
        }
        try {
            executor.awaitTermination(1, TimeUnit.MINUTES);
            if (wasDue) {
                List<Long> notes = notes();
                shred();
                removeNotes(notes);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException | RuntimeException e) {
            log.warn("Clearing deleted readers' data from the database's files at stop failed: {}", e.toString());
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
