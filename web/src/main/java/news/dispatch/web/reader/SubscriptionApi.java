package news.dispatch.web.reader;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import news.dispatch.core.InvalidInput;
import news.dispatch.core.link.LinkPurpose;
import news.dispatch.core.subscriber.Consent;
import news.dispatch.core.subscriber.EmailAddress;
import news.dispatch.core.subscriber.Language;
import news.dispatch.core.subscriber.Preferences;
import news.dispatch.core.subscriber.QuietHours;
import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.core.subscriber.SubscriberStatus;
import news.dispatch.core.tag.Tag;
import news.dispatch.core.tag.Tags;
import news.dispatch.mailer.subscription.ReaderSettings;
import news.dispatch.mailer.subscription.Subscriptions;
import news.dispatch.web.problem.NotFound;

import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** The readers' API: sign up, confirm, see and change preferences, leave. Public; links' tokens are the authority. */
@io.swagger.v3.oas.annotations.tags.Tag(name = "Readers")
@RestController
class SubscriptionApi {

    private static final String UNKNOWN_LINK = "This link is unknown or no longer valid.";

    private final Subscriptions subscriptions;
    private final SignUpLimits limits;
    private final Language defaultLanguage;
    private final Tags tags;

    SubscriptionApi(Subscriptions subscriptions, SignUpLimits limits, ReaderSettings readers, Tags tags) {
        this.subscriptions = subscriptions;
        this.limits = limits;
        this.defaultLanguage = readers.defaultLanguage();
        this.tags = tags;
    }

    /** The same answer whether or not the address is known, so nobody learns who subscribes. */
    @PostMapping("/api/subscriptions")
    @ResponseStatus(HttpStatus.ACCEPTED)
    StatusView signUp(@RequestBody SignUpRequest request, HttpServletRequest http) {
        EmailAddress email = EmailAddress.of(request.email());
        Preferences preferences = request.preferences(defaultLanguage);
        limits.check(http.getRemoteAddr(), email);
        subscriptions.signUp(email, preferences);
        return new StatusView(SubscriberStatus.PENDING);
    }

    @ApiResponse(responseCode = "200", description = "Confirmed: the reader is ACTIVE.")
    @ApiResponse(responseCode = "404", description = "The token is unknown, has expired or was replaced.")
    @PostMapping("/api/subscriptions/confirm")
    StatusView confirm(@RequestBody ConfirmRequest request, HttpServletRequest http) {
        if (request.token() == null || request.token().isBlank()) {
            throw new InvalidInput("token", "token must be the one from the confirmation link");
        }
        return subscriptions.confirm(request.token(), Consent.Source.API, http.getRemoteAddr())
                .map(reader -> new StatusView(reader.status()))
                .orElseThrow(() -> new NotFound("This confirmation link is unknown, has expired or was replaced "
                        + "by the link of a later sign-up. Sign up again for a new one."));
    }

    @GetMapping("/api/preferences/{token}")
    PreferencesView preferences(@PathVariable String token) {
        return subscriptions.readerOf(LinkPurpose.PREFERENCES, token).map(PreferencesView::of)
                .orElseThrow(() -> new NotFound(UNKNOWN_LINK));
    }

    /**
     * Fields left out keep their value; {@code email} and {@code status} cannot be changed here. A reader who
     * unsubscribed gets a 409 and nothing changes: they come back through {@code POST /api/subscriptions} and its
     * confirmation.
     */
    @ApiResponse(responseCode = "409", description = "The reader unsubscribed: nothing changes.")
    // Named, as springdoc drops the answer that succeeds when a method declares another and not this one.
    @ResponseStatus(HttpStatus.OK)
    @PutMapping("/api/preferences/{token}")
    PreferencesView change(@PathVariable String token, @RequestBody PreferencesRequest request) {
        return subscriptions.changePreferences(token, current -> request.applyTo(current, tags))
                .map(PreferencesView::of)
                .orElseThrow(() -> new NotFound(UNKNOWN_LINK));
    }

    /** RFC 8058 one-click, for mail clients and scripts; a browser gets the page instead (see ReaderPages). */
    @PostMapping("/unsubscribe/{token}")
    StatusView unsubscribe(@PathVariable String token) {
        return subscriptions.unsubscribe(token).map(reader -> new StatusView(reader.status()))
                .orElseThrow(() -> new NotFound(UNKNOWN_LINK));
    }

    /**
     * A post that says it is a one-click ({@code List-Unsubscribe=One-Click}) is answered as one whatever it
     * accepts, even the HTML a browser asks for: the page's button sends no such field.
     */
    @PostMapping(value = "/unsubscribe/{token}", params = "List-Unsubscribe")
    ResponseEntity<StatusView> oneClick(@PathVariable String token) {
        // JSON named outright: a client that accepts HTML alone would otherwise get 406 for an unsubscribe that is done.
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(unsubscribe(token));
    }

    /**
     * Quiet hours may come with the sign-up, as the preferences take them: a client that sent them was answered
     * {@code 202} and they were dropped unsaid until a QA of 8 December 2026 saw an alert reach a reader at 04:26 in
     * the night they had asked for.
     */
    record SignUpRequest(String email, List<String> tags, String frequency, String timezone, Integer sendHour,
                         Boolean alerts, String language,
                         @Schema(minimum = "0", maximum = "23", description = "the local hour alerts start to wait")
                         Integer quietFrom,
                         @Schema(minimum = "0", maximum = "23", description = "the local hour alerts stop waiting")
                         Integer quietUntil) {

        Preferences preferences(Language defaultLanguage) {
            return new Preferences(ReaderChoices.tags(tags == null ? List.of() : tags),
                    ReaderChoices.frequency(frequency), Preferences.zone(timezone),
                    sendHour == null ? Preferences.DEFAULT_SEND_HOUR : sendHour, alerts == null || alerts)
                    .withLanguage(language == null ? defaultLanguage : Language.of(language))
                    .withQuietHours(QuietHours.of(quietFrom, quietUntil));
        }
    }

    record ConfirmRequest(String token) {
    }

    /**
     * A change of preferences; a field left out keeps its value. {@code quietFrom} and {@code quietUntil} are read as
     * JSON nodes, because there {@code null} is a value: both {@code null} take the quiet hours away.
     */
    record PreferencesRequest(List<String> tags, String frequency, String timezone, Integer sendHour,
                              Boolean alerts,
                              @Schema(implementation = Integer.class, types = {"integer", "null"}, minimum = "0",
                                      maximum = "23", description = "the local hour alerts start to wait; null: none")
                              JsonNode quietFrom,
                              @Schema(implementation = Integer.class, types = {"integer", "null"}, minimum = "0",
                                      maximum = "23", description = "the local hour alerts stop waiting; null: none")
                              JsonNode quietUntil,
                              Map<String, String> tagFrequencies,
                              @Schema(implementation = String.class, types = {"string", "null"}, format = "date",
                                      description = "a pause up to this local date, YYYY-MM-DD: mail comes again on it;"
                                              + " null ends it")
                              JsonNode pausedUntil,
                              String language) {

        /**
         * The preferences changed as asked. A pause ended early ({@code "pausedUntil": null} while it lasts) ends now:
         * the digests' cursors move there, so what came during it stays out of the next digest. A rhythm may name a
         * followed tag by an alias (a tag merged into it), as {@code tags} may.
         */
        Preferences applyTo(Preferences current, Tags known) {
            QuietHours quiet = current.quietHours();
            if (quietFrom != null || quietUntil != null) {
                quiet = QuietHours.of(
                        quietFrom == null ? (quiet == null ? null : quiet.from()) : QuietHour.of("quietFrom", quietFrom),
                        quietUntil == null ? (quiet == null ? null : quiet.until()) : QuietHour.of("quietUntil", quietUntil));
            }
            Preferences changed = new Preferences(tags == null ? current.tags() : ReaderChoices.tags(tags),
                    frequency == null ? current.frequency() : ReaderChoices.frequency(frequency),
                    timezone == null ? current.timezone() : Preferences.zone(timezone),
                    sendHour == null ? current.sendHour() : sendHour,
                    alerts == null ? current.alerts() : alerts, quiet).keeping(current);
            if (tagFrequencies != null) {
                changed = changed.withTagFrequencies(known.asFollowed(Preferences.rhythms(tagFrequencies),
                        changed.tagKeys()));
            }
            if (pausedUntil != null) {
                changed = changed.withPause(PauseDate.of(pausedUntil));
            }
            if (language != null) {
                changed = changed.withLanguage(Language.of(language));
            }
            return changed;
        }
    }

    record StatusView(SubscriberStatus status) {
    }

    /**
     * A reader's preferences: {@code tags} are keys, {@code tagLabels} the same tags as first written;
     * {@code quietFrom} and {@code quietUntil} the local hours in which alerts wait, {@code null} without them.
     */
    record PreferencesView(String email, SubscriberStatus status, List<String> tags, List<String> tagLabels,
                           String frequency, String timezone, int sendHour, boolean alerts, @Nullable Integer quietFrom,
                           @Nullable Integer quietUntil, Map<String, String> tagFrequencies,
                           @Nullable LocalDate pausedUntil,
                           String language) {

        static PreferencesView of(Subscriber reader) {
            Preferences preferences = reader.preferences();
            QuietHours quiet = preferences.quietHours();
            return new PreferencesView(reader.email().value(), reader.status(),
                    preferences.tagKeys().stream().map(key -> key.value()).toList(),
                    preferences.tags().stream().map(Tag::label).toList(), preferences.frequency().name(),
                    preferences.timezone().getId(), preferences.sendHour(), preferences.alerts(),
                    quiet == null ? null : quiet.from(), quiet == null ? null : quiet.until(),
                    rhythms(preferences), preferences.pausedUntil(), preferences.language().code());
        }

        /** Each tag with a rhythm of its own, by key, in the order the reader follows them. */
        static Map<String, String> rhythms(Preferences preferences) {
            Map<String, String> rhythms = new LinkedHashMap<>();
            preferences.tagKeys().stream().filter(preferences.tagFrequencies()::containsKey)
                    .forEach(key -> rhythms.put(key.value(), preferences.tagFrequencies().get(key).name()));
            return rhythms;
        }
    }
}
