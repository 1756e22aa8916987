package db.migration;

import java.sql.Statement;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * On H2, the tables that take rows by the thousand (a digest run's deliveries, an import's readers, a feed's stories)
 * draw their ids from a cache of 10,000 instead of 32. H2 writes a sequence down each time its cache runs out, and
 * with commits written at once ({@code WRITE_DELAY=0}) that is a store of every changed page: once per 32 deliveries
 * it was a fifth of a digest run's time. H2 writes the end of the cache, not the last id, so a crash leaves a gap and
 * never hands an id out twice; ids still grow in the order rows are added, as H2 keeps one cache per database.
 * PostgreSQL is left as it is: its caches are per connection, so ids would stop following the order of insertion.
 */
public class V14__Identity_caches_on_h2 extends BaseJavaMigration {

    private static final int CACHE = 10_000;

    @Override
    public void migrate(Context context) throws Exception {
        largeCaches(context, "delivery", "subscriber", "article");
    }

    /** Gives the tables' identity columns the large cache, on H2 only. */
    static void largeCaches(Context context, String... tables) throws Exception {
        if (!context.getConnection().getMetaData().getDatabaseProductName().equals("H2")) {
            return;
        }
        try (Statement statement = context.getConnection().createStatement()) {
            for (String table : tables) {
                statement.execute("alter table " + table + " alter column id set cache " + CACHE);
            }
        }
    }
}
