package news.dispatch.core.subscriber;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Locale;

import org.junit.jupiter.api.Test;

class ZoneNamesTest {

    @Test
    void theShortZoneNameIsMarkedOutsideQuotesOnly() {
        assertThat(ZoneNames.marked("d MMM yyyy, HH:mm z", '#')).isEqualTo("d MMM yyyy, HH:mm '#'");
        assertThat(ZoneNames.marked("HH:mm zzz 'z'", '#')).isEqualTo("HH:mm '#' 'z'");
        assertThat(ZoneNames.marked("HH:mm zzzz", '#')).as("the long name is left to the JDK").isEqualTo("HH:mm zzzz");
        assertThat(ZoneNames.marked("d. MMM yyyy", '#')).isEqualTo("d. MMM yyyy");
    }

    @Test
    void aZoneIsNamedForTheSeasonAndTheLanguage() {
        ZonedDateTime winter = LocalDateTime.parse("2026-12-03T07:05").atZone(ZoneId.of("Europe/Berlin"));
        ZonedDateTime summer = LocalDateTime.parse("2026-07-03T07:05").atZone(ZoneId.of("Europe/Berlin"));

        assertThat(ZoneNames.shortName(winter, Locale.ENGLISH)).isEqualTo("CET");
        assertThat(ZoneNames.shortName(summer, Locale.ENGLISH)).isEqualTo("CEST");
        assertThat(ZoneNames.shortName(winter, Locale.GERMAN)).isEqualTo("MEZ");
        assertThat(ZoneNames.shortName(winter.withZoneSameInstant(ZoneOffset.ofHours(1)), Locale.ENGLISH))
                .isEqualTo("+01:00");
    }
}
