package news.dispatch.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A real PostgreSQL server for the tests of this JVM, started once on first use (no Docker: the binaries come
 * from Maven Central). Each caller names its own database, so test contexts do not share tables.
 */
public final class PostgresForTests {

    private static final Duration LOOK_FOR_SPRING = Duration.ofMillis(300);
    private static final Duration CONTEXTS_CLOSING = Duration.ofSeconds(20);

    private static EmbeddedPostgres server;

    private PostgresForTests() {
    }

    /** A JDBC URL for the database, created empty on first use. Username and password are both "postgres". */
    public static synchronized String jdbcUrl(String database) {
        try {
            if (server == null) {
                server = EmbeddedPostgres.builder().setRegisterShutdownHook(false).start();
                stopAfterContexts(server);
            }
            try (Connection connection = server.getPostgresDatabase().getConnection();
                 Statement statement = connection.createStatement()) {
                ResultSet exists = statement.executeQuery(
                        "select 1 from pg_database where datname = '" + database + "'");
                if (!exists.next()) {
                    statement.execute("create database " + database);
                }
            }
            return server.getJdbcUrl("postgres", database);
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start", e);
        } catch (SQLException e) {
            throw new IllegalStateException("embedded PostgreSQL refused to create " + database, e);
        }
    }

    /** Points a test context's datasource at the database, created empty on first use. */
    public static void register(DynamicPropertyRegistry registry, String database) {
        registry.add("spring.datasource.url", () -> jdbcUrl(database));
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "postgres");
    }

    /** The same settings as {@link #register}, as {@code key=value} pairs for an initializer. */
    public static String[] datasource(String database) {
        return new String[] {"spring.datasource.url=" + jdbcUrl(database), "spring.datasource.username=postgres",
                "spring.datasource.password=postgres"};
    }

    /**
     * Runs the stop of a server at the JVM's exit, once Spring has closed the test contexts: shutdown hooks run side by
     * side (the embedded server registers its own by default), and a closing context's workers then waited on the
     * vanished server until Surefire killed the JVM 30 s later. Spring Boot's hook may start a moment after this one,
     * hence the short look for it; a JVM without it stops the server at once.
     */
    public static void stopAfterContexts(EmbeddedPostgres server) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Optional<Thread> spring = springShutdownHook(LOOK_FOR_SPRING);
                if (spring.isPresent()) {
                    spring.get().join(CONTEXTS_CLOSING.toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                try {
                    server.close();
                } catch (IOException e) {
                    // The JVM is going down anyway.
                }
            }
        }, "stop-after-contexts"));
    }

    private static Optional<Thread> springShutdownHook(Duration lookFor) throws InterruptedException {
        long deadline = System.nanoTime() + lookFor.toNanos();
        do {
            for (Thread thread : Thread.getAllStackTraces().keySet()) {
                if (thread.getName().equals("SpringApplicationShutdownHook")) {
                    return Optional.of(thread);
                }
            }
            Thread.sleep(10);
        } while (System.nanoTime() < deadline);
        return Optional.empty();
    }
}
