package news.dispatch.core.h2;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Random;

import news.dispatch.core.testing.H2InFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * A file H2 was not closed on, as a kill leaves it at a moment when H2's own clues miss its newest commits. H2 keeps
 * writing nothing between commits, so a copy of its file taken after a commit is what a kill at that moment leaves;
 * the test commits and copies until a copy is such a moment (within a few hundred commits here), then opens it.
 */
class StoreHeaderIT {

    private static final int ROWS = 5_000;

    @TempDir
    Path dir;

    private final Random random = new Random(20);

    @Test
    void theAppOpensAFileLeftByAKillWithEveryAcknowledgedCommit() throws Exception {
        Path crashed = dir.resolve("crashed");
        long acknowledged = commitUntilH2WouldLoseSome(dir.resolve("running"), crashed);
        Path alone = dir.resolve("alone");
        Files.createDirectories(alone);
        Files.copy(mvFile(crashed), mvFile(alone));

        assertThat(lastCommitIn(alone)).as("H2 alone").isLessThan(acknowledged);

        new ApplicationContextRunner()
                .withPropertyValues("spring.datasource.url=" + H2InFiles.url(crashed).replace("file:", "file:retry:"))
                .withBean(OpenAfterCrash.class)
                .run(context -> assertThat(context).hasNotFailed());
        assertThat(lastCommitIn(crashed)).isEqualTo(acknowledged);
    }

    @Test
    void aFileClosedCleanlyIsLeftAsItIs() throws Exception {
        Path running = dir.resolve("running");
        try (Connection connection = DriverManager.getConnection(H2InFiles.url(running), "sa", "")) {
            connection.createStatement().execute("create table ack (id bigint primary key)");
            connection.createStatement().execute("insert into ack values (1)");
        }
        byte[] closed = Files.readAllBytes(mvFile(running));

        assertThat(StoreHeader.pointAtNewestChunk(mvFile(running))).isEmpty();
        assertThat(Files.readAllBytes(mvFile(running))).isEqualTo(closed);
    }

    /**
     * Commits, each of some changes to a table and one acknowledgement, and copies the file after each until H2 would
     * open the copy without its last commits; returns the last commit acknowledged in the copy.
     */
    private long commitUntilH2WouldLoseSome(Path running, Path crashed) throws Exception {
        Path probe = dir.resolve("probe");
        Files.createDirectories(crashed);
        Files.createDirectories(probe);
        try (Connection connection = DriverManager.getConnection(H2InFiles.url(running, "RETENTION_TIME=0"), "sa", "")) {
            Statement statement = connection.createStatement();
            statement.execute("create table ack (id bigint primary key)");
            statement.execute("create table churn (id int primary key, body varchar)");
            connection.setAutoCommit(false);
            PreparedStatement ack = connection.prepareStatement("insert into ack values (?)");
            PreparedStatement put = connection.prepareStatement("merge into churn key (id) values (?, ?)");
            PreparedStatement drop = connection.prepareStatement("delete from churn where id = ?");
            for (long commit = 1; commit <= 5_000; commit++) {
                int changes = random.nextInt(40);
                for (int change = 0; change < changes; change++) {
                    put.setInt(1, random.nextInt(ROWS));
                    put.setString(2, "x".repeat(random.nextInt(600)));
                    put.executeUpdate();
                    if (change % 2 == 0) {
                        drop.setInt(1, random.nextInt(ROWS));
                        drop.executeUpdate();
                    }
                }
                ack.setLong(1, commit);
                ack.executeUpdate();
                connection.commit();
                Files.copy(mvFile(running), mvFile(crashed), StandardCopyOption.REPLACE_EXISTING);
                Files.copy(mvFile(running), mvFile(probe), StandardCopyOption.REPLACE_EXISTING);
                Optional<StoreHeader.Repointed> look = StoreHeader.pointAtNewestChunk(mvFile(probe));
                if (look.isPresent() && look.get().versionsSaved() > 0) {
                    return commit;
                }
            }
        }
        throw new AssertionError("H2's clues found every commit of 5,000");
    }

    private static long lastCommitIn(Path directory) throws SQLException {
        try (Connection connection = DriverManager.getConnection(H2InFiles.url(directory), "sa", "");
                ResultSet last = connection.createStatement().executeQuery("select max(id) from ack")) {
            last.next();
            return last.getLong(1);
        }
    }

    private static Path mvFile(Path directory) {
        return directory.resolve("dispatch.mv.db");
    }
}
