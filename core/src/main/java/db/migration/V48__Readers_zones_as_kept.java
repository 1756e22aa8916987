package db.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import news.dispatch.core.InvalidInput;
import news.dispatch.core.subscriber.Preferences;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rewrites the readers' zones stored before they were kept as IANA libraries read them (7 December): {@code GMT+5},
 * {@code UTC+05:30} and {@code Z} as {@code +05:00}, {@code +05:30} and {@code UTC}, and the {@code SystemV/…} zones
 * the IANA database dropped in 2020 as their fixed offset, or for the six with summer time the region whose rules
 * they copied. An integrator's export, webhook or API answer read by another library named zones it could not read.
 * One statement per zone stored, not per reader; a zone nothing maps (an offset beyond the earth's) is left as it is:
 * Java reads it, and the reader's hour stays theirs.
 */
public class V48__Readers_zones_as_kept extends BaseJavaMigration {

    private static final Logger log = LoggerFactory.getLogger(V48__Readers_zones_as_kept.class);

    /** The SystemV zones with summer time, and the region whose rules each was written for. */
    private static final Map<String, String> SYSTEM_V_REGIONS = Map.of(
            "SystemV/AST4ADT", "America/Halifax", "SystemV/EST5EDT", "America/New_York",
            "SystemV/CST6CDT", "America/Chicago", "SystemV/MST7MDT", "America/Denver",
            "SystemV/PST8PDT", "America/Los_Angeles", "SystemV/YST9YDT", "America/Anchorage");

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        List<String> stored = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("select distinct timezone from subscriber");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                stored.add(rows.getString(1));
            }
        }
        for (String old : stored) {
            String kept = kept(old);
            if (kept == null || kept.equals(old)) {
                continue;
            }
            try (PreparedStatement update = connection.prepareStatement(
                    "update subscriber set timezone = ? where timezone = ?")) {
                update.setString(1, kept);
                update.setString(2, old);
                log.info("Readers' time zone {} is now kept as {} ({} readers)", old, kept, update.executeUpdate());
            }
        }
    }

    /** The zone as this version keeps it; null when there is no such form. */
    static String kept(String id) {
        if (SYSTEM_V_REGIONS.containsKey(id)) {
            return SYSTEM_V_REGIONS.get(id);
        }
        try {
            ZoneId zone = ZoneId.of(id);
            if (id.startsWith("SystemV/") && zone.getRules().isFixedOffset()) {
                return Preferences.zone(zone.normalized().getId()).getId();
            }
            return Preferences.zone(id).getId();
        } catch (DateTimeException | InvalidInput unreadable) {
            return null;
        }
    }
}
