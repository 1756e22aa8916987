package news.dispatch.core.h2;

import java.sql.Connection;
import java.sql.SQLException;

import org.h2.engine.Database;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;

/** The store of the embedded H2 database in a file, for the work on its file that SQL does not offer. */
public final class EmbeddedFile {

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
}
