package news.dispatch.core.h2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import news.dispatch.core.CoreTestApplication;
import news.dispatch.core.testing.H2InFiles;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The embedded database's file, written as the app writes it (each commit at once), comes back to about its live data
 * once the writing stops; H2 alone never shrinks it with {@code WRITE_DELAY=0}. H2's retention time is a second here
 * instead of 45, for the test not to wait through it.
 */
@SpringBootTest(classes = CoreTestApplication.class)
@DirtiesContext
class FileCompactionIT {

    private static final int ROWS = 20_000;

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void databaseInFiles(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> H2InFiles.url(dataDir, "RETENTION_TIME=1000"));
    }

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    FileCompaction compaction;

    @Test
    void theFileShrinksToItsLiveDataOnceTheWritingStops() throws Exception {
        jdbc.execute("create table churn (id int primary key, body varchar(400))");
        List<Object[]> rows = IntStream.range(0, ROWS).mapToObj(id -> new Object[] {id, "x".repeat(300)}).toList();
        jdbc.batchUpdate("insert into churn (id, body) values (?, ?)", rows);
        // Each commit writes the pages it changed to a new chunk, leaving the old copies unused in theirs.
        for (int round = 0; round < 15; round++) {
            for (int from = 0; from < ROWS; from += 500) {
                int first = from;
                String body = Integer.toString(round % 10).repeat(300);
                transaction.executeWithoutResult(status -> jdbc.update(
                        "update churn set body = ? where id >= ? and id < ?", body, first, first + 500));
            }
        }
        long written = fileSize();

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(fileSize()).isLessThan(written / 3));
        assertThat(compaction.isRunning()).isTrue();
        assertThat(jdbc.queryForObject("select count(*) from churn where body = ?", Long.class, "4".repeat(300)))
                .isEqualTo(ROWS);
    }

    /** For a measurement that the packing's work after a delivery would share the cores with. */
    @Nested
    @TestPropertySource(properties = "dispatch.h2.pack-when-quiet=false")
    class TurnedOff {

        @Autowired
        FileCompaction compaction;

        @Test
        void theFileIsNotPacked() {
            assertThat(compaction.isRunning()).isFalse();
        }
    }

    private static long fileSize() throws Exception {
        return Files.size(dataDir.resolve("dispatch.mv.db"));
    }
}
