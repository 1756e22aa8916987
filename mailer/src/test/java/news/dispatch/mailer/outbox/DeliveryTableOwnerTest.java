package news.dispatch.mailer.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The {@code delivery} table is the outbox's: no main code of any module outside the {@code outbox} package names it
 * in SQL, so changing how mail is stored means changing this package alone. Reads the sources of every module.
 */
class DeliveryTableOwnerTest {

    /** SQL that reads or writes the table: it follows one of these words. */
    private static final Pattern DELIVERY_IN_SQL =
            Pattern.compile("(?i)\\b(from|join|into|update|table)\\s+delivery\\b");

    private static final String OUTBOX = "news/dispatch/mailer/outbox/";

    /**
     * Schema changes, which own every table (Flyway's Java migrations), and the shredder, which only vacuums the
     * tables that held erased readers (core cannot call the mailer).
     */
    private static final Set<String> EXEMPT = Set.of("core/src/main/java/db/migration/",
            "core/src/main/java/news/dispatch/core/erasure/Shredder.java");

    @Test
    void onlyTheOutboxNamesTheDeliveryTableInSql() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        List<Path> sources;
        try (Stream<Path> modules = Files.list(root)) {
            sources = modules.map(module -> module.resolve("src/main/java"))
                    .filter(Files::isDirectory)
                    .flatMap(DeliveryTableOwnerTest::javaFiles)
                    .toList();
        }
        List<String> offenders = sources.stream()
                .filter(file -> !exempt(root.relativize(file)))
                .filter(DeliveryTableOwnerTest::namesDeliveryInSql)
                .map(file -> root.relativize(file).toString())
                .toList();

        assertThat(sources).as("the main sources of every module")
                .anyMatch(file -> file.endsWith("scheduler/digest/DigestStore.java"))
                .anyMatch(file -> file.endsWith("web/delivery/DeliveriesController.java"));
        assertThat(offenders).as("main code outside the outbox that names the delivery table in SQL").isEmpty();
    }

    @Test
    void spotsTheTableInTheSqlItLooksFor() {
        assertThat(DELIVERY_IN_SQL.matcher("select 1 from delivery where period = ?").find()).isTrue();
        assertThat(DELIVERY_IN_SQL.matcher("  from delivery d\n  join subscriber o").find()).isTrue();
        assertThat(DELIVERY_IN_SQL.matcher("insert into delivery (kind, lane)").find()).isTrue();
        assertThat(DELIVERY_IN_SQL.matcher("update delivery set status = 'FAILED'").find()).isTrue();
        assertThat(DELIVERY_IN_SQL.matcher("select * from delivery_run").find()).isFalse();
    }

    private static Stream<Path> javaFiles(Path sources) {
        try {
            return Files.walk(sources).filter(file -> file.toString().endsWith(".java")).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean exempt(Path file) {
        String path = file.toString().replace('\\', '/');
        return path.contains(OUTBOX) || EXEMPT.stream().anyMatch(path::startsWith);
    }

    private static boolean namesDeliveryInSql(Path file) {
        try {
            return DELIVERY_IN_SQL.matcher(Files.readString(file)).find();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
