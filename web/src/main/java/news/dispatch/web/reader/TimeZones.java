package news.dispatch.web.reader;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The time zones a reader can pick from: UTC, then every IANA region zone ("Europe/Berlin") by name, without the
 * names the time-zone database keeps only for old software. Shown grouped by region, each with its offset now.
 */
final class TimeZones {

    /**
     * Old spellings and merged zones, kept by the time-zone database as aliases ("backward"), each with the current
     * name the list has for it (Asia/Calcutta is Asia/Kolkata, Europe/Kiev is Europe/Kyiv): offering both only makes
     * a reader choose between two names for one place. Java names no aliases, hence the list. Browsers still report
     * some of the old names (Chromium: Asia/Calcutta, Europe/Kiev), so the sign-up form maps them to the listed ones.
     */
    private static final Map<String, String> CURRENT_NAMES = Map.ofEntries(
            Map.entry("Africa/Asmera", "Africa/Asmara"),
            Map.entry("Africa/Timbuktu", "Africa/Bamako"),
            Map.entry("America/Argentina/ComodRivadavia", "America/Argentina/Catamarca"),
            Map.entry("America/Atka", "America/Adak"),
            Map.entry("America/Buenos_Aires", "America/Argentina/Buenos_Aires"),
            Map.entry("America/Catamarca", "America/Argentina/Catamarca"),
            Map.entry("America/Coral_Harbour", "America/Atikokan"),
            Map.entry("America/Cordoba", "America/Argentina/Cordoba"),
            Map.entry("America/Ensenada", "America/Tijuana"),
            Map.entry("America/Fort_Wayne", "America/Indiana/Indianapolis"),
            Map.entry("America/Godthab", "America/Nuuk"),
            Map.entry("America/Indianapolis", "America/Indiana/Indianapolis"),
            Map.entry("America/Jujuy", "America/Argentina/Jujuy"),
            Map.entry("America/Knox_IN", "America/Indiana/Knox"),
            Map.entry("America/Louisville", "America/Kentucky/Louisville"),
            Map.entry("America/Mendoza", "America/Argentina/Mendoza"),
            Map.entry("America/Montreal", "America/Toronto"),
            Map.entry("America/Nipigon", "America/Toronto"),
            Map.entry("America/Pangnirtung", "America/Iqaluit"),
            Map.entry("America/Porto_Acre", "America/Rio_Branco"),
            Map.entry("America/Rainy_River", "America/Winnipeg"),
            Map.entry("America/Rosario", "America/Argentina/Cordoba"),
            Map.entry("America/Santa_Isabel", "America/Tijuana"),
            Map.entry("America/Shiprock", "America/Denver"),
            Map.entry("America/Thunder_Bay", "America/Toronto"),
            Map.entry("America/Virgin", "America/St_Thomas"),
            Map.entry("America/Yellowknife", "America/Edmonton"),
            Map.entry("Antarctica/South_Pole", "Antarctica/McMurdo"),
            Map.entry("Asia/Ashkhabad", "Asia/Ashgabat"),
            Map.entry("Asia/Calcutta", "Asia/Kolkata"),
            Map.entry("Asia/Choibalsan", "Asia/Ulaanbaatar"),
            Map.entry("Asia/Chongqing", "Asia/Shanghai"),
            Map.entry("Asia/Chungking", "Asia/Shanghai"),
            Map.entry("Asia/Dacca", "Asia/Dhaka"),
            Map.entry("Asia/Harbin", "Asia/Shanghai"),
            Map.entry("Asia/Istanbul", "Europe/Istanbul"),
            Map.entry("Asia/Kashgar", "Asia/Urumqi"),
            Map.entry("Asia/Katmandu", "Asia/Kathmandu"),
            Map.entry("Asia/Macao", "Asia/Macau"),
            Map.entry("Asia/Rangoon", "Asia/Yangon"),
            Map.entry("Asia/Saigon", "Asia/Ho_Chi_Minh"),
            Map.entry("Asia/Tel_Aviv", "Asia/Jerusalem"),
            Map.entry("Asia/Thimbu", "Asia/Thimphu"),
            Map.entry("Asia/Ujung_Pandang", "Asia/Makassar"),
            Map.entry("Asia/Ulan_Bator", "Asia/Ulaanbaatar"),
            Map.entry("Atlantic/Faeroe", "Atlantic/Faroe"),
            Map.entry("Atlantic/Jan_Mayen", "Arctic/Longyearbyen"),
            Map.entry("Australia/ACT", "Australia/Sydney"),
            Map.entry("Australia/Canberra", "Australia/Sydney"),
            Map.entry("Australia/Currie", "Australia/Hobart"),
            Map.entry("Australia/LHI", "Australia/Lord_Howe"),
            Map.entry("Australia/NSW", "Australia/Sydney"),
            Map.entry("Australia/North", "Australia/Darwin"),
            Map.entry("Australia/Queensland", "Australia/Brisbane"),
            Map.entry("Australia/South", "Australia/Adelaide"),
            Map.entry("Australia/Tasmania", "Australia/Hobart"),
            Map.entry("Australia/Victoria", "Australia/Melbourne"),
            Map.entry("Australia/West", "Australia/Perth"),
            Map.entry("Australia/Yancowinna", "Australia/Broken_Hill"),
            Map.entry("Europe/Belfast", "Europe/London"),
            Map.entry("Europe/Kiev", "Europe/Kyiv"),
            Map.entry("Europe/Nicosia", "Asia/Nicosia"),
            Map.entry("Europe/Tiraspol", "Europe/Chisinau"),
            Map.entry("Europe/Uzhgorod", "Europe/Kyiv"),
            Map.entry("Europe/Zaporozhye", "Europe/Kyiv"),
            Map.entry("Pacific/Enderbury", "Pacific/Kanton"),
            Map.entry("Pacific/Johnston", "Pacific/Honolulu"),
            Map.entry("Pacific/Ponape", "Pacific/Pohnpei"),
            Map.entry("Pacific/Samoa", "Pacific/Pago_Pago"),
            Map.entry("Pacific/Truk", "Pacific/Chuuk"),
            Map.entry("Pacific/Yap", "Pacific/Chuuk"));

    static final List<String> ALL = Stream.concat(Stream.of("UTC"), ZoneId.getAvailableZoneIds().stream()
                    .filter(TimeZones::isRegion)
                    .filter(id -> !CURRENT_NAMES.containsKey(id))
                    .sorted())
            .toList();

    /**
     * The old names the form's script maps to the listed ones, as JSON ({@code {"Asia/Calcutta":"Asia/Kolkata"}}):
     * those whose current name this Java knows.
     */
    static final String OLD_NAMES = CURRENT_NAMES.entrySet().stream()
            .filter(name -> ALL.contains(name.getValue()))
            .sorted(Map.Entry.comparingByKey())
            .map(name -> "\"" + name.getKey() + "\":\"" + name.getValue() + "\"")
            .collect(Collectors.joining(",", "{", "}"));

    private TimeZones() {
    }

    /** The zones of {@code ids} by region, in their order, each named by its place and its offset at {@code at}. */
    static List<FormPage.Region> byRegion(List<String> ids, Instant at) {
        Map<String, List<FormPage.Zone>> regions = new LinkedHashMap<>();
        for (String id : ids) {
            // A zone the list does not offer (US/Eastern, Etc/GMT+5: a reader's own, set through the API) stands
            // ungrouped under its whole name: its first part is no region the page has words for (a 500 until the
            // QA of 7 December).
            boolean listed = isRegion(id);
            int slash = id.indexOf('/');
            String region = listed ? id.substring(0, slash) : "";
            String place = (listed ? id.substring(slash + 1) : id).replace('_', ' ').replace("/", " / ");
            regions.computeIfAbsent(region, any -> new ArrayList<>())
                    .add(new FormPage.Zone(id, id.equals("UTC") ? id
                            : place + " (" + offset(ZoneId.of(id), at) + ")"));
        }
        return regions.entrySet().stream()
                .map(region -> new FormPage.Region(region.getKey(), region.getValue()))
                .toList();
    }

    /**
     * A zone as a sentence names it: the place the list shows it by ("Kyiv", "Buenos Aires"), an older name's last
     * part ({@code US/Eastern}: "Eastern"), a fixed offset as one ("UTC+05:30"), UTC as itself.
     */
    static String place(ZoneId zone) {
        String id = zone.getId();
        if (zone.getRules().isFixedOffset() && !id.contains("/") || id.startsWith("Etc/")) {
            return offset(zone, Instant.EPOCH);
        }
        return id.substring(id.lastIndexOf('/') + 1).replace('_', ' ');
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
