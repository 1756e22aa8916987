package news.dispatch.core.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * A database written by an older Dispatch, upgraded by the migrations of this one: what its rows meant, they still
 * mean. Each test starts from a fresh database migrated up to the version before the change it checks.
 */
class UpgradeIT {

    static final OffsetDateTime QUEUED = OffsetDateTime.of(2025, 11, 27, 8, 0, 0, 0, ZoneOffset.UTC);
    static final OffsetDateTime SENT = QUEUED.plusHours(3);

    /** A fresh, empty database of that name; on H2, one connection held open to the end of the test. */
    SingleConnectionDataSource database(String name) {
        return new SingleConnectionDataSource("jdbc:h2:mem:" + name + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH", "sa", "", true);
    }

    @Test
    void alertsSentBeforeTheUpgradeAreStillSentOnlyOnceAndFinishedMailKeepsWhenItWentOut() {
        SingleConnectionDataSource database = database("upgrade_v16");
        migrate(database, "15");
        JdbcClient jdbc = JdbcClient.create(database);
        jdbc.sql("""
                        insert into subscriber (email, email_key, status, frequency, timezone, send_hour, alerts,
                                                created_at, updated_at)
                        values ('anna@example.com', 'anna@example.com', 'ACTIVE', 'DAILY', 'UTC', 7, true, ?, ?)
                        """)
                .params(QUEUED, QUEUED).update();
        long reader = jdbc.sql("select id from subscriber").query(Long.class).single();
        jdbc.sql("""
                        insert into delivery (kind, lane, subscriber_id, recipient, content, status, created_at,
                                              queued_at, available_at, sent_at, article_id)
                        values ('ALERT', null, ?, 'anna@example.com', 'article=42', 'SENT', ?, ?, ?, ?, 42)
                        """)
                .params(reader, QUEUED, QUEUED, QUEUED.plusMinutes(5), SENT).update();

        migrate(database, "latest");

        assertThat(jdbc.sql("select period from delivery").query(String.class).single()).isEqualTo("ALERT 42");
        assertThat(jdbc.sql("select available_at from delivery").query(OffsetDateTime.class).single()
                .toInstant()).isEqualTo(SENT.toInstant());
        int again = jdbc.sql("""
                        insert into delivery (kind, lane, subscriber_id, recipient, content, status, created_at,
                                              queued_at, available_at, article_id, period)
                        values ('ALERT', 0, ?, 'anna@example.com', 'article=42', 'QUEUED', ?, ?, ?, 42, 'ALERT 42')
                        on conflict do nothing
                        """)
                .params(reader, SENT, SENT, SENT).update();
        assertThat(again).isZero();
        database.destroy();
    }

    @Test
    void addressesStoredBeforeTheNormalFormAreNormalisedWithoutMergingOrLosingAnyone() {
        SingleConnectionDataSource database = database("upgrade_v19");
        migrate(database, "16");
        JdbcClient jdbc = JdbcClient.create(database);
        for (String email : new String[] {"Anna@Bücher.example", "bob@xn--bcher-kva.example", "Bob@bücher.example",
                "carla@straße.example", "dan@example.com"}) {
            jdbc.sql("""
                            insert into subscriber (email, email_key, status, frequency, timezone, send_hour, alerts,
                                                    created_at, updated_at)
                            values (?, lower(?), 'ACTIVE', 'DAILY', 'UTC', 7, true, ?, ?)
                            """)
                    .params(email, email, QUEUED, QUEUED).update();
        }
        long anna = jdbc.sql("select id from subscriber where email = 'Anna@Bücher.example'").query(Long.class)
                .single();
        jdbc.sql("""
                        insert into delivery (kind, lane, subscriber_id, recipient, content, status, created_at,
                                              queued_at, available_at)
                        values ('NOTICE', 0, ?, 'Anna@Bücher.example', 'notice=WELCOME', 'QUEUED', ?, ?, ?)
                        """)
                .params(anna, QUEUED, QUEUED, QUEUED).update();

        migrate(database, "19");

        assertThat(jdbc.sql("select email || ' ' || email_key from subscriber order by id").query(String.class)
                .list()).containsExactly(
                "Anna@xn--bcher-kva.example anna@xn--bcher-kva.example",
                "bob@xn--bcher-kva.example bob@xn--bcher-kva.example",
                "Bob@bücher.example bob@bücher.example",
                "carla@straße.example carla@straße.example",
                "dan@example.com dan@example.com");
        assertThat(jdbc.sql("select recipient from delivery").query(String.class).single())
                .isEqualTo("Anna@xn--bcher-kva.example");
        database.destroy();
    }

    private static void migrate(DataSource database, String target) {
        Flyway.configure().dataSource(database).target(MigrationVersion.fromVersion(target)).load().migrate();
    }
}
