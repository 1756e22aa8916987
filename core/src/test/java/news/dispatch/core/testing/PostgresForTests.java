package news.dispatch.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A real PostgreSQL server for the tests of this JVM, started once on first use (no Docker: the binaries come
 * from Maven Central). Each caller names its own database, so test contexts do not share tables.
 */
public final class PostgresForTests {

    /** Spring Boot's shutdown hook, and Spring Framework's, which close application contexts. */
    private static final Set<String> SPRING_SHUTDOWN_HOOKS = Set.of("SpringApplicationShutdownHook",
            "SpringContextShutdownHook");
    private static final Duration CONTEXTS_CLOSING = Duration.ofSeconds(20);

    private static EmbeddedPostgres server;

    private PostgresForTests() {
    }

    /** A JDBC URL for the database, created empty on first use. Username and password are both "postgres". */
    public static synchronized String jdbcUrl(String database) {
        try {
            if (server == null) {
                // Its own hook would stop the server beside the contexts' closing; ours waits for them.
                server = EmbeddedPostgres.builder().setRegisterShutdownHook(false).start();
                Runtime.getRuntime().addShutdownHook(new Thread(PostgresForTests::stop));
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
     * Stops the server once the JVM's test contexts have closed: shutdown hooks run side by side, and a server gone
     * under a closing context left its mail workers waiting for connections until Surefire killed the JVM, 30 s on.
     */
    private static synchronized void stop() {
        for (Thread hook : Thread.getAllStackTraces().keySet()) {
            if (SPRING_SHUTDOWN_HOOKS.contains(hook.getName())) {
                try {
                    hook.join(CONTEXTS_CLOSING.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        try {
            server.close();
        } catch (IOException e) {
            // The JVM is going down anyway.
        }
    }
}
