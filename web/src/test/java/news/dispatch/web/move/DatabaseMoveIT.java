package news.dispatch.web.move;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import news.dispatch.core.testing.H2InFiles;
import news.dispatch.core.testing.PostgresForTests;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.FileSystemUtils;

/**
 * What the move refuses, saying why in a line and writing nothing, and a move that fails half way, which leaves the
 * target without a row of it. {@code PackagedMoveIT} moves a whole newsroom with the packaged jar.
 */
class DatabaseMoveIT {

    private static int databases;

    private Path data;
    private String target;

    @BeforeEach
    void aStoppedNodesDatabase() throws IOException {
        data = Files.createTempDirectory("dispatch-move");
        Flyway.configure().dataSource(H2InFiles.url(data), "sa", "").locations("classpath:db/migration").load()
                .migrate();
        target = PostgresForTests.jdbcUrl("database_move_" + ++databases);
    }

    @AfterEach
    void cleanUp() throws IOException {
        FileSystemUtils.deleteRecursively(data);
    }

    @Test
    void sayWhereTo() {
        assertThat(move("--dispatch.data-dir=" + data)).contains("Not moved: say where to: --dispatch.move.to.url=");
        assertThat(move("--dispatch.data-dir=" + data, "--dispatch.move.to.url=jdbc:mysql://localhost/dispatch"))
                .contains("Not moved: dispatch.move.to.url must be a PostgreSQL database (jdbc:postgresql:…), not"
                        + " jdbc:mysql://localhost/dispatch");
    }

    @Test
    void onlyTheEmbeddedDatabaseOfAFolderDispatchRanOn() throws IOException {
        Path empty = Files.createTempDirectory("dispatch-move-empty");
        try {
            assertThat(moveFrom(empty)).contains("Not moved: no database in " + empty.toAbsolutePath()
                    + ": set dispatch.data-dir to the folder Dispatch ran on");
        } finally {
            FileSystemUtils.deleteRecursively(empty);
        }
        assertThat(move("--spring.datasource.url=" + target, "--dispatch.move.to.url=" + target))
                .contains("Not moved: the move copies the embedded H2 database of dispatch.data-dir");
    }

    @Test
    void notWhileDispatchRunsOnIt() throws SQLException {
        try (Connection running = DriverManager.getConnection(H2InFiles.url(data), "sa", "")) {
            assertThat(moveFrom(data)).contains("Not moved: Dispatch is running on " + data.toAbsolutePath()
                    + ": stop it first");
        }
    }

    @Test
    void notAfterAKillUntilAStartHasRecordedWhatWasSent() throws Exception {
        Path killed = Files.createTempDirectory("dispatch-move-killed");
        try (Connection running = DriverManager.getConnection(H2InFiles.url(data), "sa", "");
                Statement statement = running.createStatement()) {
            statement.executeUpdate("insert into tag (tag_key, label, created_at) values ('aviation', 'Aviation',"
                    + " current_timestamp)");
            // A copy of the file while H2 has it open: as a kill leaves it, without H2's clean mark.
            Files.copy(data.resolve("dispatch.mv.db"), killed.resolve("dispatch.mv.db"));
        }
        try {
            assertThat(moveFrom(killed)).contains("Not moved: Dispatch did not stop cleanly on "
                    + killed.toAbsolutePath() + " (killed, or the machine stopped)");
        } finally {
            FileSystemUtils.deleteRecursively(killed);
        }

        Files.writeString(data.resolve("dispatch.sent"), "41 claim-of-a-stopped-node\n");
        assertThat(moveFrom(data)).contains("Not moved: Dispatch did not stop cleanly on " + data.toAbsolutePath());
        Files.writeString(data.resolve("dispatch.sent"), "");
        assertThat(moveFrom(data)).contains("Moved ");
    }

    @Test
    void notIntoADatabaseWhereDispatchHasReaders() throws SQLException {
        assertThat(moveFrom(data)).contains("Moved ");
        try (Connection connection = DriverManager.getConnection(target, "postgres", "postgres");
                Statement statement = connection.createStatement()) {
            statement.executeUpdate("""
                    insert into subscriber (email, email_key, status, frequency, timezone, send_hour, alerts,
                                            created_at, updated_at)
                    values ('here@example.com', 'here@example.com', 'ACTIVE', 'DAILY', 'UTC', 7, true,
                            current_timestamp, current_timestamp)
                    """);
        }
        assertThat(moveFrom(data)).contains("Not moved: ").contains(" holds Dispatch's data already (subscriber has 1"
                + " rows): give an empty database");
        assertThat(rows("subscriber")).isOne();
    }

    @Test
    void aFailureHalfWayLeavesNoRowOfTheMove() throws Exception {
        try (Connection source = DriverManager.getConnection(H2InFiles.url(data), "sa", "");
                Statement statement = source.createStatement()) {
            statement.executeUpdate("insert into tag (tag_key, label, created_at) values ('aviation', 'Aviation',"
                    + " current_timestamp)");
            // PostgreSQL takes no NUL in text; H2 does.
            statement.executeUpdate("insert into instance_secret (name, secret) values ('odd', 'a' || char(0) || 'b')");
        }
        assertThat(moveFrom(data)).contains("Not moved: ");
        assertThat(rows("tag")).isZero();

        try (Connection source = DriverManager.getConnection(H2InFiles.url(data), "sa", "");
                Statement statement = source.createStatement()) {
            statement.executeUpdate("delete from instance_secret where name = 'odd'");
        }
        assertThat(moveFrom(data)).contains("Moved ").containsPattern("tag +1 rows");
        assertThat(rows("tag")).isOne();
    }

    private String moveFrom(Path folder) {
        return move("--dispatch.data-dir=" + folder, "--dispatch.move.to.url=" + target,
                "--dispatch.move.to.username=postgres", "--dispatch.move.to.password=postgres");
    }

    /** What the move printed, both streams; a refusal's status is 1, a move's 0. */
    private static String move(String... args) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream stream = new PrintStream(printed, true, StandardCharsets.UTF_8);
        int status = DatabaseMove.run(args, stream, stream);
        String output = printed.toString(StandardCharsets.UTF_8);
        assertThat(status).as(output).isEqualTo(output.contains("Not moved: ") ? 1 : 0);
        return output;
    }

    private long rows(String table) throws SQLException {
        try (Connection connection = DriverManager.getConnection(target, "postgres", "postgres");
                Statement statement = connection.createStatement();
                ResultSet count = statement.executeQuery("select count(*) from " + table)) {
            count.next();
            return count.getLong(1);
        }
    }
}
