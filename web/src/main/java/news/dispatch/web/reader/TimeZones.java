package news.dispatch.web.reader;

import java.time.ZoneId;
import java.util.List;
import java.util.stream.Stream;

/** The time zones a reader can pick from: UTC, then every IANA region zone ("Europe/Berlin") by name. */
final class TimeZones {

    static final List<String> ALL = Stream.concat(Stream.of("UTC"), ZoneId.getAvailableZoneIds().stream()
                    .filter(TimeZones::isRegion)
                    .sorted())
            .toList();

    private TimeZones() {
    }

    /**
     * Zones named by region and city. Leaves out aliases a person would not look for ({@code Etc/GMT+5},
     * {@code SystemV/…}, {@code US/Pacific}); the API still takes any zone Java knows.
     */
    private static boolean isRegion(String id) {
        return id.matches("(Africa|America|Antarctica|Arctic|Asia|Atlantic|Australia|Europe|Indian|Pacific)/[^/].*");
    }
}
