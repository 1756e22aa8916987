package news.dispatch.web.reader;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;

class TimeZonesTest {

    @Test
    void aSentenceNamesAZoneByThePlaceTheListShowsNotByItsId() {
        assertThat(TimeZones.place(ZoneId.of("Europe/Kyiv"))).isEqualTo("Kyiv");
        assertThat(TimeZones.place(ZoneId.of("America/Argentina/Buenos_Aires"))).isEqualTo("Buenos Aires");
        assertThat(TimeZones.place(ZoneId.of("UTC"))).isEqualTo("UTC");
        assertThat(TimeZones.place(ZoneId.of("+05:30"))).isEqualTo("UTC+05:30");
        assertThat(TimeZones.place(ZoneId.of("Etc/GMT+5"))).as("POSIX's sign is the other way round")
                .isEqualTo("UTC−05:00");
        assertThat(TimeZones.place(ZoneId.of("US/Eastern"))).as("an older name, taken through the API")
                .isEqualTo("Eastern");
    }

    /** A reader's own zone that the list does not offer stands ungrouped: its first part is no region of the list. */
    @Test
    void aZoneTheListDoesNotOfferStandsUngroupedUnderItsWholeName() {
        List<FormPage.Region> regions = TimeZones.byRegion(List.of("US/Eastern", "Etc/GMT+5", "Europe/Kyiv"),
                Instant.parse("2026-01-15T12:00:00Z"));

        assertThat(regions).extracting(FormPage.Region::name).containsExactly("", "Europe");
        assertThat(regions.get(0).zones()).extracting(FormPage.Zone::label)
                .containsExactly("US / Eastern (UTC−05:00)", "Etc / GMT+5 (UTC−05:00)");
    }
}
