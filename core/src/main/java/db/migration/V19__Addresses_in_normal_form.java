package db.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.Map;

import news.dispatch.core.InvalidInput;
import news.dispatch.core.subscriber.EmailAddress;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the addresses stored before {@link EmailAddress#of} normalised them (NFKC, the domain in IDNA's ASCII form and
 * lower case) in that form, so a sign-up in another spelling finds the reader instead of adding a second one, and
 * mail still queued for them goes to the same form. Written in Java because neither database knows IDNA.
 *
 * <p>It never merges or deletes: an address whose normal form another reader has already (the same person, signed
 * up twice in two spellings) is left as it is, as is one that has no normal form (a domain with ß, say); both are
 * logged for an admin to look at. Either kind still reads and is mailed as before.
 */
public class V19__Addresses_in_normal_form extends BaseJavaMigration {

    private static final Logger log = LoggerFactory.getLogger(V19__Addresses_in_normal_form.class);

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        Map<Long, String> stored = new LinkedHashMap<>();
        // Addresses in normal form are ASCII with a lower-case domain; only the others can change.
        try (PreparedStatement select = connection.prepareStatement("select id, email from subscriber order by id");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                stored.put(rows.getLong(1), rows.getString(2));
            }
        }
        for (Map.Entry<Long, String> row : stored.entrySet()) {
            long id = row.getKey();
            String email = row.getValue();
            EmailAddress normal;
            try {
                normal = EmailAddress.of(email);
            } catch (InvalidInput e) {
                log.warn("Subscriber {} keeps an address that has no normal form: {}", id, e.getMessage());
                continue;
            }
            if (normal.value().equals(email)) {
                continue;
            }
            if (taken(connection, id, normal.key())) {
                log.warn("Subscriber {} keeps its address as stored: another subscriber has it in another spelling; "
                        + "erase the one that is not used", id);
                continue;
            }
            try (PreparedStatement update = connection.prepareStatement(
                    "update subscriber set email = ?, email_key = ? where id = ?")) {
                update.setString(1, normal.value());
                update.setString(2, normal.key());
                update.setLong(3, id);
                update.executeUpdate();
            }
            try (PreparedStatement queued = connection.prepareStatement("""
                    update delivery set recipient = ?
                     where subscriber_id = ? and recipient = ? and status in ('QUEUED', 'RETRYING')
                    """)) {
                queued.setString(1, normal.value());
                queued.setLong(2, id);
                queued.setString(3, email);
                queued.executeUpdate();
            }
        }
    }

    private static boolean taken(Connection connection, long id, String key) throws Exception {
        try (PreparedStatement select = connection.prepareStatement(
                "select count(*) from subscriber where email_key = ? and id <> ?")) {
            select.setString(1, key);
            select.setLong(2, id);
            try (ResultSet count = select.executeQuery()) {
                count.next();
                return count.getLong(1) > 0;
            }
        }
    }
}
