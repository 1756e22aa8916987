package news.dispatch.core.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Instants in and out of {@code timestamp with time zone} columns. Both H2 and PostgreSQL map
 * {@link OffsetDateTime} exactly, whatever the JVM's or the server's time zone, which {@code java.sql.Timestamp}
 * does not.
 */
public final class Timestamps {

    private Timestamps() {
    }

    /** The clock's instant at the precision both databases store (microseconds), so what is read equals what was written. */
    public static Instant now(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    public static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    public static Instant read(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
