package db.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;

import news.dispatch.core.tag.TagKey;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the tag keys stored before {@link TagKey} composed them (NFC) and dropped the dot a capital İ leaves on its i
 * in that form. Dispatch before 5 December stored {@code #李} typed on a Korean keyboard (U+F9E1), {@code #한국} typed
 * as separate jamo or {@code #άθηνα} with a Greek oxia as typed; this version refuses such a key wherever it reads one
 * (the reader's pages, the admin's lists, the export, and the mail workers, whose whole batch then waited), and files
 * a new story under the composed key, which the old followers did not follow.
 *
 * <p>A key whose composed form is not a tag yet is renamed; one whose composed form is (the same tag, typed both ways)
 * is merged into it, as an admin's merge would: its stories and followers move, one of each where both had it.
 * Written in Java because H2 has no Unicode normalisation.
 */
public class V40__Tag_keys_in_normal_form extends BaseJavaMigration {

    private static final Logger log = LoggerFactory.getLogger(V40__Tag_keys_in_normal_form.class);

    /** Tables that hold a tag key beside another column that, with it, is unique: the key moves, one row of each. */
    private static final String[][] KEYED_ROWS = {
            {"article_tag", "tag_key", "article_id"},
            {"subscriber_tag", "tag_key", "subscriber_id"},
            {"retirement_owed", "tag_key", "subscriber_id"},
            {"tag_offer", "tag_key", "position"},
            {"tag_offer", "offered", "tag_key"}};

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        List<String> stored = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("select tag_key from tag order by tag_key");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                stored.add(rows.getString(1));
            }
        }
        for (String old : stored) {
            String key = TagKey.fold(old);
            if (key.equals(old)) {
                continue;
            }
            boolean merged = exists(connection, key);
            if (!merged) {
                try (PreparedStatement insert = connection.prepareStatement("""
                        insert into tag (tag_key, label, created_at, alias_of, retired_at)
                        select ?, ?, created_at, alias_of, retired_at from tag where tag_key = ?
                        """)) {
                    insert.setString(1, key);
                    insert.setString(2, label(connection, old, key));
                    insert.setString(3, old);
                    insert.executeUpdate();
                }
            }
            for (String[] table : KEYED_ROWS) {
                move(connection, table[0], table[1], table[2], old, key);
            }
            update(connection, "update tag set alias_of = null where tag_key = ? and alias_of = ?", key, old);
            update(connection, "update tag set alias_of = ? where alias_of = ?", key, old);
            update(connection, "delete from tag where tag_key = ?", old);
            log.info("Tag key {} stored as typed is now {}{}", old, key, merged ? ", the tag it was typed for" : "");
        }
    }

    /** The label composed, or the key itself where the composed label does not lower-case to it. */
    private static String label(Connection connection, String old, String key) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("select label from tag where tag_key = ?")) {
            select.setString(1, old);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                String label = Normalizer.normalize(row.getString(1), Normalizer.Form.NFC);
                return TagKey.fold(label).equals(key) ? label : key;
            }
        }
    }

    /**
     * Moves a table's rows from the old key to the new one; a row that the new key has already (the same story or
     * reader under both keys) is dropped instead.
     */
    private static void move(Connection connection, String table, String column, String beside, String old,
                             String key) throws SQLException {
        update(connection, "delete from " + table + " where " + column + " = ? and " + beside + " in (select "
                + beside + " from " + table + " where " + column + " = ?)", old, key);
        if (column.equals("offered")) {
            // A retired tag is never offered in place of itself.
            update(connection, "delete from tag_offer where offered = ? and tag_key = ?", old, key);
        }
        update(connection, "update " + table + " set " + column + " = ? where " + column + " = ?", key, old);
    }

    private static boolean exists(Connection connection, String key) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("select count(*) from tag where tag_key = ?")) {
            select.setString(1, key);
            try (ResultSet count = select.executeQuery()) {
                count.next();
                return count.getLong(1) > 0;
            }
        }
    }

    private static void update(Connection connection, String sql, String... values) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setString(i + 1, values[i]);
            }
            statement.executeUpdate();
        }
    }
}
