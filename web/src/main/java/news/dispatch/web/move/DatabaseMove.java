package news.dispatch.web.move;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

import news.dispatch.core.h2.EmbeddedFile;
import news.dispatch.mailer.outbox.Outbox;

import org.flywaydb.core.Flyway;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * {@code java -jar dispatch.jar move}: copies the whole of a stopped node's embedded H2 database into an empty
 * PostgreSQL database, for a newsroom that outgrew one machine. Everything goes over as it is, in one transaction:
 * readers with their choices, consent and link generation, the links secret (so every link already mailed still
 * works), the DKIM keys (so the DNS records stand), staff accounts and API tokens, stories, tags and their aliases,
 * the suppression list, webhooks, and the delivery history. Then Dispatch starts on PostgreSQL with
 * {@code SPRING_DATASOURCE_URL} set as it was given here.
 *
 * <p>It reads the settings as the app does ({@code dispatch.data-dir}, or {@code spring.datasource.url} naming an H2
 * file), and refuses, changing nothing, when the node runs, did not stop cleanly (its journal may hold sent mail the
 * database does not record yet, and its next start records it), or the target holds Dispatch's data already.
 */
public final class DatabaseMove {

    private final PrintStream out;
    private final PrintStream err;

    private DatabaseMove(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Reads nothing but the settings: no bean of the app is made. */
    @Configuration(proxyBeanMethods = false)
    static class Settings {
    }

    /**
     * Moves the database the settings name, saying how it went on the two streams.
     *
     * @param args the command line after {@code move}: settings as {@code --name=value}
     * @return the process's exit status: 0 moved; 1 refused or failed, no row written (the target may have been given
     * Dispatch's empty tables)
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Settings.class)
                .web(WebApplicationType.NONE).bannerMode(Banner.Mode.OFF).logStartupInfo(false)
                // Flyway's line for each migration it applies to the new database would bury the move's report.
                .properties("logging.level.org.flywaydb=warn").run(args)) {
            return new DatabaseMove(out, err).move(context.getEnvironment());
        }
    }

    private int move(Environment environment) {
        MoveSettings to = Binder.get(environment).bind("dispatch.move.to", MoveSettings.class).orElse(null);
        String from = environment.getProperty("spring.datasource.url");
        try {
            String name = refusals(from, to);
            long started = System.nanoTime();
            try (Connection source = connect(from, environment.getProperty("spring.datasource.username"),
                    environment.getProperty("spring.datasource.password"), new Properties());
                    Connection target = connect(to.url(), to.username(), to.password(), batchedInserts())) {
                migrate(source);
                migrate(target);
                refuseData(target, to.url());
                copy(source, target);
            }
            out.printf(Locale.ROOT, "Moved %s to %s in %.1f s.%n", Path.of(name + ".mv.db"), shown(to.url()),
                    (System.nanoTime() - started) / 1e9);
            out.println("Start Dispatch on it with SPRING_DATASOURCE_URL set to that database's URL as given here,"
                    + " and its username and password. The H2 file is left as it was: keep it until you have checked,"
                    + " then delete the folder.");
            return 0;
        } catch (SQLException | IOException | RuntimeException e) {
            // A refusal says why in its message, as a failure of either database does.
            err.println("Not moved: " + e.getMessage());
            return 1;
        }
    }

    /** Why the move cannot start, as a refusal; else the H2 database's path without its extensions. */
    private static String refusals(String from, MoveSettings to) throws IOException {
        if (to == null || to.url() == null || to.url().isBlank()) {
            throw new Refused("say where to: --dispatch.move.to.url=jdbc:postgresql://host:5432/database with"
                    + " --dispatch.move.to.username and --dispatch.move.to.password (or DISPATCH_MOVE_TO_URL …),"
                    + " an empty database");
        }
        if (!to.url().startsWith("jdbc:postgresql:")) {
            throw new Refused("dispatch.move.to.url must be a PostgreSQL database (jdbc:postgresql:…), not "
                    + shown(to.url()));
        }
        String name = EmbeddedFile.nameIn(from).orElseThrow(() -> new Refused("the move copies the embedded H2"
                + " database of dispatch.data-dir; spring.datasource.url names another: " + shown(from)
                + " (leave SPRING_DATASOURCE_URL unset for the move)"));
        Path folder = Path.of(name).getParent();
        switch (EmbeddedFile.left(name)) {
            case NONE -> throw new Refused("no database in " + folder + ": set dispatch.data-dir to the folder"
                    + " Dispatch ran on");
            case IN_USE -> throw new Refused("Dispatch is running on " + folder + ": stop it first");
            case NOT_CLOSED -> throw new Refused(notStoppedCleanly(folder));
            case UNREADABLE -> throw new Refused(name + ".mv.db is not a database H2 can read");
            case CLOSED -> {
            }
        }
        if (Outbox.unrecordedMailBeside(from)) {
            throw new Refused(notStoppedCleanly(folder));
        }
        return name;
    }

    private static String notStoppedCleanly(Path folder) {
        return "Dispatch did not stop cleanly on " + folder + " (killed, or the machine stopped), and its next start"
                + " records what it had sent: start it once on this folder, stop it (Ctrl-C or SIGTERM), then move";
    }

    /** One connection for all the work on a database: H2 closes an embedded database when its last one closes. */
    private static Connection connect(String url, String username, String password, Properties properties)
            throws SQLException {
        SimpleDriverDataSource driver = DataSourceBuilder.create().type(SimpleDriverDataSource.class).url(url)
                .username(username).password(password).build();
        driver.setConnectionProperties(properties);
        return driver.getConnection();
    }

    /**
     * PostgreSQL's driver sends a batch of inserts as multi-row statements: 100,000 readers and 300,000 deliveries moved
     * in 22–25 s, against 32–33 s without (runs alternated). A URL that sets it otherwise wins.
     */
    private static Properties batchedInserts() {
        Properties properties = new Properties();
        properties.setProperty("reWriteBatchedInserts", "true");
        return properties;
    }

    /** Brings the database to this version's schema, as a start of the app does. */
    private static void migrate(Connection connection) {
        Flyway.configure().dataSource(new SingleConnectionDataSource(connection, true))
                .locations("classpath:db/migration").load().migrate();
    }

    /** Refuses a target where Dispatch ran already: a move into it would mix two newsrooms' readers. */
    private static void refuseData(Connection target, String url) throws SQLException {
        for (String table : List.of("subscriber", "article", "account", "delivery")) {
            try (var statement = target.createStatement();
                    var rows = statement.executeQuery("select count(*) from " + table)) {
                rows.next();
                if (rows.getLong(1) > 0) {
                    throw new Refused(shown(url) + " holds Dispatch's data already (" + table + " has "
                            + rows.getLong(1) + " rows): give an empty database");
                }
            }
        }
    }

    private void copy(Connection source, Connection target) throws SQLException {
        target.setAutoCommit(false);
        try {
            List<Tables.Table> tables = Tables.toCopy(target);
            Tables.empty(tables, target);
            for (Tables.Table table : tables) {
                long started = System.nanoTime();
                long copied = Tables.copy(table, source, target);
                long there = Tables.count(table, target);
                if (there != copied) {
                    throw new IllegalStateException(table.name() + ": " + copied + " rows copied, " + there
                            + " in the target");
                }
                if (copied > 0) {
                    out.printf(Locale.ROOT, "  %-20s %,12d rows %8.1f s%n", table.name(), copied,
                            (System.nanoTime() - started) / 1e9);
                }
            }
            target.commit();
        } catch (SQLException | RuntimeException e) {
            target.rollback();
            throw e;
        }
    }

    /** A database's URL as said back: without its parameters, which may hold a password. */
    private static String shown(String url) {
        return url == null ? "(none)" : url.split("[?;]", 2)[0];
    }

    /** A reason the move does not start, said in one line. */
    private static final class Refused extends RuntimeException {

        Refused(String message) {
            super(message);
        }
    }
}
