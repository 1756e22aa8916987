package news.dispatch.web.subscriber;

import java.io.IOException;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import news.dispatch.core.InvalidInput;
import news.dispatch.core.paging.Page;
import news.dispatch.core.paging.PageRequest;
import news.dispatch.core.subscriber.Consent;
import news.dispatch.core.subscriber.Consents;
import news.dispatch.core.subscriber.Frequency;
import news.dispatch.core.subscriber.Language;
import news.dispatch.core.subscriber.Preferences;
import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.core.subscriber.SubscriberStatus;
import news.dispatch.core.suppression.Suppressions;
import news.dispatch.core.tag.Tag;
import news.dispatch.mailer.roster.ImportReport;
import news.dispatch.mailer.roster.Roster;
import news.dispatch.mailer.roster.SubscriberChange;
import news.dispatch.web.problem.NotFound;
import news.dispatch.web.reader.PauseDate;
import news.dispatch.web.reader.QuietHour;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Admins find, change, erase, import and export subscribers. */
@io.swagger.v3.oas.annotations.tags.Tag(name = "Subscribers")
@RestController
@RequestMapping("/api/admin/subscribers")
class SubscribersController {

    private final Roster roster;
    private final Consents consents;
    private final Suppressions suppressions;

    SubscribersController(Roster roster, Consents consents, Suppressions suppressions) {
        this.roster = roster;
        this.consents = consents;
        this.suppressions = suppressions;
    }

    @GetMapping
    Page<SubscriberView> list(@ParameterObject SubscriberFilter filter, @RequestParam(defaultValue = "0") int page,
                              @RequestParam(defaultValue = "" + PageRequest.DEFAULT_SIZE) int size) {
        Page<Subscriber> readers = roster.search(filter.query(), new PageRequest(page, size));
        // One query for the page; the few suppressed are then read one by one.
        Set<String> suppressed = suppressions.suppressedAmong(readers.items().stream()
                .map(reader -> reader.email().value()).toList());
        Map<Long, Consent> consented = consents.latest(readers.items().stream().map(Subscriber::id).toList());
        return readers.map(reader -> SubscriberView.of(reader, suppressed.contains(reader.email().key())
                ? suppressions.find(reader.email()).orElse(null) : null).withConsent(consented.get(reader.id())));
    }

    @GetMapping("/{id}")
    SubscriberView get(@PathVariable long id) {
        return roster.find(id).map(this::view).orElseThrow(() -> unknown(id));
    }

    /** Fields left out keep their value; a refused status change is a 409 and changes nothing. */
    @ApiResponse(responseCode = "409", description = "The reader's rules refuse the status change (to PENDING, or "
            + "anything but UNSUBSCRIBED for a reader who left); nothing changes.")
    @PatchMapping("/{id}")
    @ResponseStatus(HttpStatus.OK)
    SubscriberView change(@PathVariable long id, @RequestBody SubscriberPatch patch) {
        return roster.change(id, patch.change()).map(this::view).orElseThrow(() -> unknown(id));
    }

    /** One reader as GET and PATCH answer it: with the suppression and the consent on record. */
    private SubscriberView view(Subscriber reader) {
        return SubscriberView.of(reader, suppressions.find(reader.email()).orElse(null))
                .withConsent(consents.latest(reader.id()).orElse(null));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void erase(@PathVariable long id) {
        if (!roster.erase(id)) {
            throw unknown(id);
        }
    }

    /**
     * The body is the file itself, UTF-8. It is read whole before anything is stored, so a body over the size limit
     * is refused (413) with nothing imported.
     */
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "text/csv",
            schema = @Schema(type = "string", description = "a header line, then a reader a line")))
    @PostMapping(value = "/import", consumes = "text/csv")
    ImportReport importCsv(@RequestParam(defaultValue = "ACTIVE") String status, HttpServletRequest request,
                           Principal admin) throws IOException {
        SubscriberStatus forNewAddresses = SubscriberFilter.status(status);
        return roster.importCsv(request.getInputStream().readAllBytes(), forNewAddresses, admin.getName());
    }

    @ApiResponse(responseCode = "200", description = "Every subscriber, a line each.",
            content = @Content(mediaType = "text/csv", schema = @Schema(type = "string")))
    @GetMapping("/export")
    void export(@RequestParam(required = false) String status, HttpServletResponse response) throws IOException {
        SubscriberExport.write(roster, status, response);
    }

    private static NotFound unknown(long id) {
        return new NotFound("There is no subscriber " + id + ".");
    }

    /**
     * What a PATCH may hold; {@code email} is there only to be refused with a reason. {@code pausedUntil},
     * {@code quietFrom} and {@code quietUntil} are read as JSON nodes, because there {@code null} is a value. Any
     * other field is refused rather than passed over: a misspelt {@code sendhour} would otherwise answer 200 and
     * change nothing.
     */
    record SubscriberPatch(String email, String status, List<String> tags, String frequency, String timezone,
                           Integer sendHour, Boolean alerts, Map<String, String> tagFrequencies,
                           @Schema(implementation = String.class, types = {"string", "null"}, format = "date",
                                   description = "a pause up to this local date, YYYY-MM-DD: mail comes again on it;"
                                           + " null ends it")
                           JsonNode pausedUntil,
                           String language,
                           @Schema(implementation = Integer.class, types = {"integer", "null"}, minimum = "0",
                                   maximum = "23", description = "the local hour alerts start to wait; null: none")
                           JsonNode quietFrom,
                           @Schema(implementation = Integer.class, types = {"integer", "null"}, minimum = "0",
                                   maximum = "23", description = "the local hour alerts stop waiting; null: none")
                           JsonNode quietUntil,
                           @JsonAnySetter @Schema(hidden = true) Map<String, JsonNode> others) {

        private static final String FIELDS = "status, tags, frequency, timezone, sendHour, alerts, tagFrequencies, "
                + "pausedUntil, language, quietFrom and quietUntil";

        SubscriberChange change() {
            if (others != null && !others.isEmpty()) {
                String field = others.keySet().iterator().next();
                throw new InvalidInput(field, field + " is not a field a subscriber's change takes; it takes "
                        + FIELDS);
            }
            if (email != null) {
                throw new InvalidInput("email", "email cannot be changed: erase the subscriber and import the new "
                        + "address instead");
            }
            if (timezone != null && timezone.isBlank()) {
                throw new InvalidInput("timezone", "timezone must be an IANA time zone such as Europe/Berlin");
            }
            return new SubscriberChange(status == null ? null : SubscriberFilter.status(status),
                    tags == null ? null : tags.stream().map(Tag::of).toList(),
                    frequency == null ? null : Frequency.of(frequency),
                    timezone == null ? null : Preferences.zone(timezone), sendHour, alerts,
                    tagFrequencies == null ? null : Preferences.rhythms(tagFrequencies),
                    pausedUntil == null ? null : Optional.ofNullable(PauseDate.of(pausedUntil)),
                    language == null ? null : Language.of(language),
                    quietFrom == null ? null : Optional.ofNullable(QuietHour.of("quietFrom", quietFrom)),
                    quietUntil == null ? null : Optional.ofNullable(QuietHour.of("quietUntil", quietUntil)));
        }

    }
}
