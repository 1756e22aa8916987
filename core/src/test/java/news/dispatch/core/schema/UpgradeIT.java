package news.dispatch.core.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import java.util.List;

import javax.sql.DataSource;

import news.dispatch.core.tag.TagKey;

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

    @Test
    void tagKeysStoredAsTypedAreComposedAndTheSameTagTypedTwoWaysBecomesOne() {
        SingleConnectionDataSource database = database("upgrade_v40");
        migrate(database, "39");
        JdbcClient jdbc = JdbcClient.create(database);
        String hanja = "\uF9E1";
        String jamo = "\u1112\u1161\u11AB\u1100\u116E\u11A8";
        String greek = "\u1F71\u03B8\u03B7\u03BD\u03B1";
        for (String[] tag : new String[][] {{hanja, hanja}, {jamo, jamo}, {"한국", "한국"},
                {greek, "\u1FBB\u0398\u03B7\u03BD\u03B1"}, {"news", "News"}}) {
            jdbc.sql("insert into tag (tag_key, label, created_at) values (?, ?, ?)").params(tag[0], tag[1], QUEUED)
                    .update();
        }
        jdbc.sql("update tag set alias_of = ? where tag_key = 'news'").param(jamo).update();
        long both = reader(jdbc, "both@example.com", jamo, "한국");
        long typed = reader(jdbc, "typed@example.com", jamo, hanja, greek);
        long story = story(jdbc, jamo);
        long twice = story(jdbc, jamo, "한국");

        migrate(database, "latest");

        assertThat(jdbc.sql("select tag_key from tag order by tag_key").query(String.class).list())
                .containsExactly("news", "\u03AC\u03B8\u03B7\u03BD\u03B1", "李", "한국")
                .allSatisfy(key -> assertThat(new TagKey(key).value()).isEqualTo(key));
        assertThat(jdbc.sql("select label from tag where tag_key = '\u03AC\u03B8\u03B7\u03BD\u03B1'")
                .query(String.class).single()).isEqualTo("\u0386\u0398\u03B7\u03BD\u03B1");
        assertThat(jdbc.sql("select alias_of from tag where tag_key = 'news'").query(String.class).single())
                .isEqualTo("한국");
        assertThat(tags(jdbc, "subscriber_tag", "subscriber_id", both)).containsExactly("한국");
        assertThat(tags(jdbc, "subscriber_tag", "subscriber_id", typed))
                .containsExactly("\u03AC\u03B8\u03B7\u03BD\u03B1", "李", "한국");
        assertThat(tags(jdbc, "article_tag", "article_id", story)).containsExactly("한국");
        assertThat(tags(jdbc, "article_tag", "article_id", twice)).containsExactly("한국");
        database.destroy();
    }

    @Test
    void readersWhoSignedUpAgainBeforeAreOwedTheirEarlierUnsubscribeLinks() {
        SingleConnectionDataSource database = database("upgrade_v45");
        migrate(database, "44");
        JdbcClient jdbc = JdbcClient.create(database);
        reader(jdbc, "once@example.com");
        long back = reader(jdbc, "back@example.com");
        long twice = reader(jdbc, "twice@example.com");
        jdbc.sql("update subscriber set link_generation = 1 where id = ?").param(back).update();
        jdbc.sql("update subscriber set link_generation = 2 where id = ?").param(twice).update();

        migrate(database, "latest");

        assertThat(jdbc.sql("""
                        select subscriber_id, generation, token_hash from earlier_unsubscribe_link
                         order by subscriber_id, generation
                        """)
                .query((rs, row) -> rs.getLong(1) + "/" + rs.getInt(2) + "/" + rs.getString(3)).list())
                .as("owed, to be made where the links' secret is known; none for a reader who never came back")
                .containsExactly(back + "/0/null", twice + "/0/null", twice + "/1/null");
        database.destroy();
    }

    /** Zones Java reads and other libraries do not, stored before 7 December, are kept as the form stores them now. */
    @Test
    void readersZonesStoredAsJavaReadThemAreKeptAsIanaLibrariesReadThem() {
        SingleConnectionDataSource database = database("upgrade_v48");
        migrate(database, "47");
        JdbcClient jdbc = JdbcClient.create(database);
        String[] stored = {"GMT+05:00", "UTC+05:30", "Z", "SystemV/EST5", "SystemV/PST8PDT", "Europe/Kyiv",
                "US/Eastern", "+15:00"};
        for (int i = 0; i < stored.length; i++) {
            long id = reader(jdbc, "reader" + i + "@example.com");
            jdbc.sql("update subscriber set timezone = ? where id = ?").params(stored[i], id).update();
        }
        reader(jdbc, "another@example.com");
        jdbc.sql("update subscriber set timezone = 'GMT+05:00' where email = 'another@example.com'").update();

        migrate(database, "latest");

        assertThat(jdbc.sql("select timezone from subscriber order by id").query(String.class).list())
                .containsExactly("+05:00", "+05:30", "UTC", "-05:00", "America/Los_Angeles", "Europe/Kyiv",
                        "US/Eastern", "+15:00", "+05:00");
        database.destroy();
    }

    private static long reader(JdbcClient jdbc, String email, String... tags) {
        jdbc.sql("""
                        insert into subscriber (email, email_key, status, frequency, timezone, send_hour, alerts,
                                                created_at, updated_at)
                        values (?, ?, 'ACTIVE', 'DAILY', 'UTC', 7, true, ?, ?)
                        """)
                .params(email, email, QUEUED, QUEUED).update();
        long id = jdbc.sql("select id from subscriber where email = ?").param(email).query(Long.class).single();
        for (String tag : tags) {
            jdbc.sql("insert into subscriber_tag (subscriber_id, tag_key) values (?, ?)").params(id, tag).update();
        }
        return id;
    }

    private static long story(JdbcClient jdbc, String... tags) {
        jdbc.sql("""
                        insert into article (title, published_at, created_at, released_at)
                        values ('A story', ?, ?, ?)
                        """)
                .params(QUEUED, QUEUED, QUEUED).update();
        long id = jdbc.sql("select max(id) from article").query(Long.class).single();
        for (int position = 0; position < tags.length; position++) {
            jdbc.sql("insert into article_tag (article_id, tag_key, position) values (?, ?, ?)")
                    .params(id, tags[position], position).update();
        }
        return id;
    }

    private static List<String> tags(JdbcClient jdbc, String table, String column, long id) {
        return jdbc.sql("select tag_key from " + table + " where " + column + " = ? order by tag_key").param(id)
                .query(String.class).list();
    }

    private static void migrate(DataSource database, String target) {
        Flyway.configure().dataSource(database).target(MigrationVersion.fromVersion(target)).load().migrate();
    }
}
