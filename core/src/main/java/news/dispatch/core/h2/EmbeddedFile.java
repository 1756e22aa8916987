package news.dispatch.core.h2;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import org.h2.engine.Database;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;

/** The store of the embedded H2 database in a file, for the work on its file that SQL does not offer. */
public final class EmbeddedFile {

    /** H2's file systems that keep the database in files on disk, as they lead its name in the URL, in any order. */
    private static final Pattern FILE_SYSTEMS_ON_DISK = Pattern.compile("^((file|retry|async|nio|nioMapped):)+");

    private EmbeddedFile() {
    }

    /** The store this connection writes to, or {@code null}: in memory, over TCP, or not H2. */
    public static MVStore storeOf(Connection connection) throws SQLException {
        if (!connection.isWrapperFor(JdbcConnection.class)
                || !(connection.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session)) {
            return null;
        }
        Database database = session.getDatabase();
        return database.isPersistent() && database.getStore() != null ? database.getStore().getMvStore() : null;
    }

    /** How the file of an embedded database was left by the last process that had it open. */
    public enum Left {
        /** Closed as H2 closes it: every commit is in place and nothing holds it. */
        CLOSED,
        /** Not closed: the process was killed, or the machine stopped, while it had the file open. */
        NOT_CLOSED,
        /** Open in another process now. */
        IN_USE,
        /** A file H2's header cannot be read from. */
        UNREADABLE,
        /** No database file there. */
        NONE
    }

    /**
     * How the database's file was left.
     *
     * @param name the database's path without H2's extensions, as {@link #nameIn} gives it
     */
    public static Left left(String name) throws IOException {
        Path file = Path.of(name + ".mv.db");
        return Files.isRegularFile(file) ? StoreHeader.left(file) : Left.NONE;
    }

    /**
     * The database's path without H2's extensions, absolute, for an H2 URL of a database in files on disk; empty for
     * any other URL.
     */
    public static Optional<String> nameIn(String url) {
        if (url == null || !url.toLowerCase(Locale.ROOT).startsWith("jdbc:h2:")) {
            return Optional.empty();
        }
        String name = url.substring("jdbc:h2:".length()).split(";", 2)[0];
        name = FILE_SYSTEMS_ON_DISK.matcher(name).replaceFirst("");
        if (name.matches("[a-zA-Z]{2,}:.*")) {
            // mem:, tcp:, ssl: …; a drive letter is one letter
            return Optional.empty();
        }
        if (name.startsWith("~")) {
            name = System.getProperty("user.home") + name.substring(1);
        }
        return Optional.of(Path.of(name).toAbsolutePath().normalize().toString());
    }
}
