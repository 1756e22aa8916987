package news.dispatch.web.reader;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import news.dispatch.web.page.FieldErrors;
import news.dispatch.web.page.TagChoice;

/**
 * A page with a reader's choices form: what was entered, the tags to pick from, and the mistakes by field. Public
 * because the precompiled templates, in another package, read it.
 *
 * @param form       the fields as entered
 * @param tagChoices the tags to tick: those in use lately, then any others the form holds
 * @param errors     why a field was refused, by field name
 * @param problem    what went wrong with the form as a whole, or {@code null}
 * @param at         the moment the page is shown, for the time zones' offsets
 * @param merged     the tags to tick that other tags were merged into, by those tags' keys ({@code usimmigration} →
 *                   {@code USMigration}): a reader who types an old name is told where it went
 */
public record FormPage(ReaderForm form, List<TagChoice> tagChoices, Map<String, String> errors, String problem,
                       Instant at, Map<String, String> merged) {

    private static final List<Integer> HOURS = IntStream.range(0, 24).boxed().toList();

    public FormPage {
        tagChoices = List.copyOf(tagChoices);
        errors = Map.copyOf(errors);
        merged = Map.copyOf(merged);
    }

    /** A page whose typed tags are not explained by the names merged away (staff's pages). */
    public FormPage(ReaderForm form, List<TagChoice> tagChoices, Map<String, String> errors, String problem,
                    Instant at) {
        this(form, tagChoices, errors, problem, at, Map.of());
    }

    /** The field's error message, or {@code null}. */
    public String error(String field) {
        return errors.get(field);
    }

    /** For {@code aria-invalid}: "true" when the field was refused, else nothing. */
    public String invalid(String field) {
        return new FieldErrors(errors).invalid(field);
    }

    /** For {@code aria-describedby}: the field's hint and its error message, those that are there. */
    public String describedBy(String field, String hintId) {
        return new FieldErrors(errors).describedBy(field, hintId);
    }

    /**
     * The zones to pick from; a zone the form holds that is not among them (an alias such as {@code US/Pacific}, or a
     * fixed offset such as {@code +05:30}, set through the API) comes first, so saving the form keeps it rather than
     * falling back to the first of the list.
     */
    public List<String> zones() {
        String current = form.timezone();
        if (current == null || TimeZones.ALL.contains(current) || !TimeZones.known(current)) {
            return TimeZones.ALL;
        }
        return Stream.concat(Stream.of(current), TimeZones.ALL.stream()).toList();
    }

    /**
     * The same zones grouped by region ("Europe"), each with its offset now; a zone outside every region (UTC)
     * comes in a group without a name.
     */
    public List<Region> regions() {
        return TimeZones.byRegion(zones(), at);
    }

    /** A group of the zone list: "Europe", and its zones. */
    public record Region(String name, List<Zone> zones) {
    }

    /** One zone to pick: its id, and how the list shows it ("Berlin (UTC+01:00)"). */
    public record Zone(String id, String label) {
    }

    /** The zones' old names that browsers report, each with the listed name it maps to, as JSON for the script. */
    public String oldZoneNames() {
        return TimeZones.OLD_NAMES;
    }

    public List<Integer> hours() {
        return HOURS;
    }

    public static String hourLabel(int hour) {
        return String.format("%02d:00", hour);
    }
}
