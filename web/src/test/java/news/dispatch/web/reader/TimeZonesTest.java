package news.dispatch.web.reader;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;

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
        assertThat(TimeZones.place(ZoneId.of("US/Pacific"))).as("taken through the API, said as it is")
                .isEqualTo("US/Pacific");
    }
}
