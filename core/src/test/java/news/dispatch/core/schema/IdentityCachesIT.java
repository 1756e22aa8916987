package news.dispatch.core.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import news.dispatch.core.CoreTestApplication;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * On H2, the tables that take rows by the thousand draw their ids from a cache of 10,000: with H2's 32, the sequence
 * is written down, a store of every changed page, once per 32 rows (a fifth of a digest run's time before {@code V14},
 * a sixth of an import's before {@code V41}, for its readers' consents).
 */
@SpringBootTest(classes = CoreTestApplication.class, properties =
        "spring.datasource.url=jdbc:h2:mem:identity_caches;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1")
class IdentityCachesIT {

    @Autowired
    JdbcClient jdbc;

    @Test
    void theTablesFilledRowByRowDrawTheirIdsFromALargeCache() {
        Map<String, Long> caches = jdbc.sql("""
                        select table_name, identity_cache from information_schema.columns
                         where table_schema = 'public' and is_identity = 'YES'
                        """)
                .query(rs -> {
                    Map<String, Long> byTable = new HashMap<>();
                    while (rs.next()) {
                        byTable.put(rs.getString(1), rs.getLong(2));
                    }
                    return byTable;
                });

        assertThat(caches).containsEntry("delivery", 10_000L).containsEntry("subscriber", 10_000L)
                .containsEntry("article", 10_000L).containsEntry("consent", 10_000L)
                .containsEntry("webhook_call", 10_000L).containsEntry("webhook_attempt", 10_000L);
    }
}
