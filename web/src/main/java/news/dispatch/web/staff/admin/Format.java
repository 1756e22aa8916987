package news.dispatch.web.staff.admin;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the admin pages write times: UTC, to the minute. Public because the precompiled templates use it. */
public final class Format {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private Format() {
    }

    /** The instant, or a dash when there is none. */
    public static String when(Instant instant) {
        return instant == null ? "—" : WHEN.format(instant);
    }

    /** The machine-readable form, for {@code <time datetime>}. */
    public static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
