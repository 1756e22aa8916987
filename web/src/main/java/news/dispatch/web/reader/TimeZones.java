package news.dispatch.web.reader;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The time zones a reader can pick from: UTC, then every IANA region zone ("Europe/Berlin") by name, without the
 * names the time-zone database keeps only for old software. Shown grouped by region, each with its offset now.
 */
final class TimeZones {

    /**
     * Old spellings and merged zones, kept by the time-zone database as aliases ("backward"): each has a current
     * name in the list (Asia/Calcutta is Asia/Kolkata, Europe/Kiev is Europe/Kyiv), so offering both only makes a
     * reader choose between two names for one place. Java names no aliases, hence the list.
     */
    private static final Set<String> OUTDATED = Set.of("Africa/Asmera", "Africa/Timbuktu",
            "America/Argentina/ComodRivadavia", "America/Atka", "America/Buenos_Aires", "America/Catamarca",
            "America/Coral_Harbour", "America/Cordoba", "America/Ensenada", "America/Fort_Wayne", "America/Godthab",
            "America/Indianapolis", "America/Jujuy", "America/Knox_IN", "America/Louisville", "America/Mendoza",
            "America/Montreal", "America/Nipigon", "America/Pangnirtung", "America/Porto_Acre",
            "America/Rainy_River", "America/Rosario", "America/Santa_Isabel", "America/Shiprock",
            "America/Thunder_Bay", "America/Virgin", "America/Yellowknife", "Antarctica/South_Pole",
            "Asia/Ashkhabad", "Asia/Calcutta", "Asia/Choibalsan", "Asia/Chongqing", "Asia/Chungking", "Asia/Dacca",
            "Asia/Harbin", "Asia/Istanbul", "Asia/Kashgar", "Asia/Katmandu", "Asia/Macao", "Asia/Rangoon",
            "Asia/Saigon", "Asia/Tel_Aviv", "Asia/Thimbu", "Asia/Ujung_Pandang", "Asia/Ulan_Bator",
            "Atlantic/Faeroe", "Atlantic/Jan_Mayen", "Australia/ACT", "Australia/Canberra", "Australia/Currie",
            "Australia/LHI", "Australia/NSW", "Australia/North", "Australia/Queensland", "Australia/South",
            "Australia/Tasmania", "Australia/Victoria", "Australia/West", "Australia/Yancowinna", "Europe/Belfast",
            "Europe/Kiev", "Europe/Nicosia", "Europe/Tiraspol", "Europe/Uzhgorod", "Europe/Zaporozhye",
            "Pacific/Enderbury", "Pacific/Johnston", "Pacific/Ponape", "Pacific/Samoa", "Pacific/Truk",
            "Pacific/Yap");

    static final List<String> ALL = Stream.concat(Stream.of("UTC"), ZoneId.getAvailableZoneIds().stream()
                    .filter(TimeZones::isRegion)
                    .filter(id -> !OUTDATED.contains(id))
                    .sorted())
            .toList();

    private TimeZones() {
    }

    /** The zones of {@code ids} by region, in their order, each named by its place and its offset at {@code at}. */
    static List<FormPage.Region> byRegion(List<String> ids, Instant at) {
        Map<String, List<FormPage.Zone>> regions = new LinkedHashMap<>();
        for (String id : ids) {
            int slash = id.indexOf('/');
            String region = slash < 0 ? "" : id.substring(0, slash);
            String place = (slash < 0 ? id : id.substring(slash + 1)).replace('_', ' ').replace("/", " / ");
            regions.computeIfAbsent(region, any -> new ArrayList<>())
                    .add(new FormPage.Zone(id, id.equals("UTC") ? id
                            : place + " (" + offset(ZoneId.of(id), at) + ")"));
        }
        return regions.entrySet().stream()
                .map(region -> new FormPage.Region(region.getKey(), region.getValue()))
                .toList();
    }

    /** Whether Java reads the text as a zone: a region's name, an alias or a fixed offset. */
    static boolean known(String id) {
        try {
            ZoneId.of(id);
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }

    /** "UTC+01:00", "UTC−03:30", "UTC" */
    private static String offset(ZoneId zone, Instant at) {
        ZoneOffset offset = zone.getRules().getOffset(at);
        return offset.getTotalSeconds() == 0 ? "UTC" : "UTC" + offset.getId().replace('-', '−');
    }

    /**
     * Zones named by region and city. Leaves out aliases a person would not look for ({@code Etc/GMT+5},
     * {@code SystemV/…}, {@code US/Pacific}); the API still takes any zone Java knows.
     */
    private static boolean isRegion(String id) {
        return id.matches("(Africa|America|Antarctica|Arctic|Asia|Atlantic|Australia|Europe|Indian|Pacific)/[^/].*");
    }
}
