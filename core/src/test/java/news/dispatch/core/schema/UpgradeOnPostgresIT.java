package news.dispatch.core.schema;

import news.dispatch.core.testing.PostgresForTests;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/** The same upgrades on a real PostgreSQL server. */
class UpgradeOnPostgresIT extends UpgradeIT {

    @Override
    SingleConnectionDataSource database(String name) {
        return new SingleConnectionDataSource(PostgresForTests.jdbcUrl(name), "postgres", "postgres", true);
    }
}
