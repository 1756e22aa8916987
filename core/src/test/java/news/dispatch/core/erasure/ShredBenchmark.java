package news.dispatch.core.erasure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import news.dispatch.core.testing.H2InFiles;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;

/**
 * What a shredding run costs on a newsroom's database: 100,000 readers following three tags each and 200,000 sent
 * deliveries, in H2 files as the app runs by default. The file is shredded once after the load, once after ten
 * erasures, and once after one erasure and a quarter of the deliveries changed, while another connection commits
 * small changes in a loop (the slowest of them is how long the run held up other writes). Prints figures:
 * {@code ./mvnw -B -q -pl core -Pshred-benchmark verify -DskipTests}.
 */
final class ShredBenchmark {

    private static final int READERS = 100_000;

    public static void main(String[] args) throws Exception {
        Path dir = Files.createDirectories(Path.of(args[0]));
        // As the application does at start: no Spring here to do it.
        H2CommitPatch.apply();
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL(H2InFiles.url(dir));
        dataSource.setUser("sa");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        try (Connection keepOpen = dataSource.getConnection(); Statement sql = keepOpen.createStatement()) {
            fill(keepOpen, sql);
            Path file = dir.resolve("dispatch.mv.db");
            System.out.printf("database: %,d readers, %,d deliveries, file %,d KB%n", READERS, 2 * READERS,
                    Files.size(file) / 1024);
            Shredder shredder = new Shredder(dataSource, Duration.ofHours(1));
            time("first run, after the load", shredder, file);
            erase(sql, 10);
            time("after 10 erasures", shredder, file);
            sql.execute("update delivery set attempts = attempts + 1 where mod(id, 4) = 0");
            erase(sql, 1);
            AtomicBoolean busy = new AtomicBoolean(true);
            AtomicLong slowest = new AtomicLong();
            AtomicLong commits = new AtomicLong();
            Thread writer = new Thread(() -> {
                try (Connection connection = dataSource.getConnection(); Statement other = connection.createStatement()) {
                    while (busy.get()) {
                        long started = System.nanoTime();
                        other.execute("update tag set created_at = current_timestamp where tag_key = 'aviation'");
                        slowest.accumulateAndGet(System.nanoTime() - started, Math::max);
                        commits.incrementAndGet();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            writer.start();
            time("after 1 erasure and 50,000 deliveries changed", shredder, file);
            busy.set(false);
            writer.join();
            System.out.printf("meanwhile %,d commits on another connection, the slowest %,d ms%n", commits.get(),
                    slowest.get() / 1_000_000);
        }
    }

    private static void fill(Connection connection, Statement sql) throws Exception {
        for (String tag : new String[] {"aviation", "ukraine", "usmigration"}) {
            sql.execute("insert into tag (tag_key, label, created_at) values ('" + tag + "', '" + tag
                    + "', current_timestamp)");
        }
        connection.setAutoCommit(false);
        try (PreparedStatement reader = connection.prepareStatement("""
                insert into subscriber (email, email_key, status, frequency, timezone, send_hour, alerts, created_at,
                                        updated_at, preferences_token_hash, unsubscribe_token_hash)
                values (?, ?, 'ACTIVE', 'DAILY', 'Europe/Berlin', 7, true, current_timestamp, current_timestamp, ?, ?)
                """)) {
            for (int i = 1; i <= READERS; i++) {
                String address = "reader." + i + "@newsroom-benchmark.example";
                reader.setString(1, address);
                reader.setString(2, address);
                reader.setString(3, String.format("%064x", i));
                reader.setString(4, String.format("%064x", -i));
                reader.addBatch();
                if (i % 1000 == 0) {
                    reader.executeBatch();
                    connection.commit();
                }
            }
        }
        sql.execute("insert into subscriber_tag (subscriber_id, tag_key) select id, 'aviation' from subscriber");
        sql.execute("insert into subscriber_tag (subscriber_id, tag_key) select id, 'ukraine' from subscriber");
        sql.execute("insert into subscriber_tag (subscriber_id, tag_key) select id, 'usmigration' from subscriber");
        for (String period : new String[] {"DAILY 2026-11-30", "DAILY 2026-12-01"}) {
            sql.execute("""
                    insert into delivery (kind, subscriber_id, recipient, period, content, status, attempts,
                                          created_at, queued_at, available_at, sent_at)
                    select 'DIGEST', id, email, '%s', 'articles=101,102,103,104,105;more=7', 'SENT', 1,
                           current_timestamp, current_timestamp, current_timestamp, current_timestamp
                      from subscriber""".formatted(period));
            connection.commit();
        }
        connection.setAutoCommit(true);
    }

    private static int erased;

    /** As the app erases: the address leaves the reader's mail, then the reader's row goes. */
    private static void erase(Statement sql, int readers) throws Exception {
        for (int i = 0; i < readers; i++) {
            long id = 1 + (erased++ * 7919L) % READERS;
            sql.execute("update delivery set recipient = null where subscriber_id = " + id);
            sql.execute("delete from subscriber where id = " + id);
        }
    }

    private static void time(String label, Shredder shredder, Path file) throws Exception {
        long before = Files.size(file);
        long started = System.nanoTime();
        shredder.shred();
        System.out.printf("%-50s %,6d ms, file %,d KB -> %,d KB%n", label, (System.nanoTime() - started) / 1_000_000,
                before / 1024, Files.size(file) / 1024);
    }
}
