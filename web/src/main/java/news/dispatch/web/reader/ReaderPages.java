package news.dispatch.web.reader;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import gg.jte.generated.precompiled.Templates;
import news.dispatch.core.InvalidInput;
import news.dispatch.core.article.Article;
import news.dispatch.core.article.Articles;
import news.dispatch.core.article.FollowUps;
import news.dispatch.core.link.LinkPurpose;
import news.dispatch.core.subscriber.Consent;
import news.dispatch.core.subscriber.EmailAddress;
import news.dispatch.core.subscriber.Language;
import news.dispatch.core.subscriber.Preferences;
import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.core.subscriber.SubscriberStatus;
import news.dispatch.core.subscriber.Subscribers;
import news.dispatch.core.subscriber.Words;
import news.dispatch.core.suppression.Suppressions;
import news.dispatch.core.tag.Tag;
import news.dispatch.core.tag.TagKey;
import news.dispatch.core.tag.TagRetired;
import news.dispatch.core.tag.Tags;
import news.dispatch.mailer.bounce.Bounces;
import news.dispatch.mailer.story.StoryDesk;
import news.dispatch.mailer.subscription.ReaderSettings;
import news.dispatch.mailer.subscription.Subscriptions;
import news.dispatch.web.page.PageView;
import news.dispatch.web.page.ReaderWords;
import news.dispatch.web.page.TagChoice;
import news.dispatch.web.problem.NotFound;
import news.dispatch.web.problem.TooManyRequests;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.support.RequestContextUtils;

/**
 * The readers' pages: sign up, confirm, preferences, unsubscribe, follow a story, follow a tag offered instead of a
 * retired one. Server-rendered forms that work without JavaScript; every form but the one-click unsubscribe carries a
 * CSRF token. A GET never changes anything, because mail scanners open links.
 */
@Controller
class ReaderPages {

    /** What a redirect carries to the page after it, in the session's flash rather than the URL. */
    private static final String SENT_TO = "sentTo";
    private static final String NO_STORIES_YET = "noStoriesYet";
    private static final String PREFERENCES_TOKEN = "preferencesToken";
    private static final String LANGUAGE = "language";

    private final Subscriptions subscriptions;
    private final Subscribers subscribers;
    private final OfferedTags tags;
    private final Tags knownTags;
    private final SignUpLimits limits;
    private final Articles articles;
    private final StoryDesk stories;
    private final FollowUps followUps;
    private final Bounces bounces;
    private final Suppressions suppressions;
    private final Clock clock;
    private final Templates templates;
    private final Language defaultLanguage;

    ReaderPages(Subscriptions subscriptions, Subscribers subscribers, OfferedTags tags, SignUpLimits limits,
                Articles articles, StoryDesk stories, FollowUps followUps, Clock clock, Templates templates,
                ReaderSettings readers, Tags knownTags, Bounces bounces, Suppressions suppressions) {
        this.knownTags = knownTags;
        this.bounces = bounces;
        this.suppressions = suppressions;
        this.defaultLanguage = readers.defaultLanguage();
        this.subscriptions = subscriptions;
        this.articles = articles;
        this.stories = stories;
        this.followUps = followUps;
        this.subscribers = subscribers;
        this.tags = tags;
        this.limits = limits;
        this.clock = clock;
        this.templates = templates;
    }

    /** Loaded only when a page prints it, so pages without a form start no session. */
    @ModelAttribute("csrf")
    CsrfToken csrf(CsrfToken token) {
        return token;
    }

    /** The form, in the language the browser asks for when it is one of ours, offers that language. */
    @GetMapping("/subscribe")
    ModelAndView subscribe(HttpServletRequest request) {
        Words words = browserWords(request);
        return subscribePage(words, formPage(ReaderForm.blank(words.language()), Map.of(), null), true,
                HttpStatus.OK);
    }

    @PostMapping("/subscribe")
    ModelAndView signUp(ReaderForm form, HttpServletRequest request, HttpServletResponse response,
                        RedirectAttributes redirect) {
        Words words = formWords(form, request);
        ReaderForm.Checked<EmailAddress> email = form.checkEmail(words);
        ReaderForm.Checked<Preferences> preferences = form.checkPreferences(words);
        if (email.value() == null || preferences.value() == null) {
            Map<String, String> errors = new LinkedHashMap<>(email.errors());
            errors.putAll(preferences.errors());
            return subscribePage(words, formPage(form, errors, words.get("problem.correct")), false,
                    HttpStatus.BAD_REQUEST);
        }
        try {
            limits.check(request.getRemoteAddr(), email.value());
        } catch (TooManyRequests tooMany) {
            response.setHeader(HttpHeaders.RETRY_AFTER, tooMany.retryAfterSeconds());
            return subscribePage(words, formPage(form, Map.of(), words.get(SignUpLimits.wordsFor(tooMany))), false,
                    HttpStatus.TOO_MANY_REQUESTS);
        }
        // A filled honeypot is a robot: it is answered like everyone else, and nothing is stored or sent.
        if (!form.honeypotFilled()) {
            try {
                subscriptions.signUp(email.value(), form.languageChosen() ? preferences.value()
                        : preferences.value().withLanguage(defaultLanguage));
            } catch (TagRetired retired) {
                return subscribePage(words, formPage(form, Map.of("tags", retiredTag(retired, words)),
                        words.get("problem.correct")), false, HttpStatus.BAD_REQUEST);
            }
        }
        // Redirected, so that reloading "check your inbox" sends no second sign-up; the address rides in the
        // session's flash, never in the URL.
        redirect.addFlashAttribute(SENT_TO, email.value().value());
        redirect.addFlashAttribute(LANGUAGE, words.language());
        redirect.addFlashAttribute(NO_STORIES_YET, tags.withoutStories(preferences.value().tags()));
        // The language in the address too, so that the page opened again speaks it.
        return new ModelAndView("redirect:/subscribe/sent?" + ReaderWords.LANG + "=" + words.lang());
    }

    /**
     * After a sign-up: where the email went, and which of the tags chosen have no stories yet. Opened again, or
     * without a sign-up, it says the same without the address.
     */
    @GetMapping("/subscribe/sent")
    ModelAndView sent(HttpServletRequest request) {
        Map<String, ?> flash = RequestContextUtils.getInputFlashMap(request);
        String email = flash == null ? null : (String) flash.get(SENT_TO);
        @SuppressWarnings("unchecked")
        List<String> noStoriesYet = flash == null || flash.get(NO_STORIES_YET) == null ? List.of()
                : (List<String>) flash.get(NO_STORIES_YET);
        return PageView.of(templates.readerSent(flashedWords(request), email, noStoriesYet), HttpStatus.OK);
    }

    /**
     * The page a confirmation link opens. Once confirmed it shows the preferences link only right after the click
     * (carried in the flash): a mail scanner that opens the link later learns nothing it could change things with.
     */
    @GetMapping("/confirm/{token}")
    ModelAndView confirmation(@PathVariable String token, HttpServletRequest request) {
        Map<String, ?> flash = RequestContextUtils.getInputFlashMap(request);
        String preferencesToken = flash == null ? null : (String) flash.get(PREFERENCES_TOKEN);
        return subscriptions.confirmationFor(token)
                .map(reader -> reader.status() == SubscriberStatus.PENDING
                        ? PageView.of(shared -> templates.readerConfirm(words(reader), reader, token, shared.csrf()),
                                HttpStatus.OK)
                        : PageView.of(templates.readerConfirmed(words(reader), reader, preferencesToken),
                                HttpStatus.OK))
                .orElseGet(() -> expiredConfirmation(request));
    }

    @PostMapping("/confirm/{token}")
    ModelAndView confirm(@PathVariable String token, HttpServletRequest request, RedirectAttributes redirect) {
        return subscriptions.confirm(token, Consent.Source.FORM, request.getRemoteAddr())
                .map(reader -> {
                    redirect.addFlashAttribute(PREFERENCES_TOKEN,
                            subscribers.linkToken(reader, LinkPurpose.PREFERENCES));
                    return new ModelAndView("redirect:/confirm/" + token);
                })
                .orElseGet(() -> expiredConfirmation(request));
    }

    @GetMapping("/preferences/{token}")
    ModelAndView preferences(@PathVariable String token, @RequestParam(required = false) String saved,
                             @RequestParam(required = false) String quiet, HttpServletRequest request) {
        return subscriptions.readerOf(LinkPurpose.PREFERENCES, token)
                .map(reader -> preferencesPage(reader, token, formPage(ReaderForm.of(reader.preferences()),
                        Map.of(), null), saved != null, quiet, HttpStatus.OK))
                .orElseGet(() -> unknownLink(request));
    }

    @PostMapping("/preferences/{token}")
    ModelAndView changePreferences(@PathVariable String token, ReaderForm form, HttpServletRequest request) {
        Optional<Subscriber> found = subscriptions.readerOf(LinkPurpose.PREFERENCES, token);
        if (found.isEmpty()) {
            return unknownLink(request);
        }
        Words words = words(found.get());
        if (found.get().status() == SubscriberStatus.UNSUBSCRIBED) {
            // A form kept open from before the reader left: nothing is stored, the page offers to come back.
            return preferencesPage(found.get(), token, formPage(form, Map.of(), words.get("problem.left")), false,
                    HttpStatus.CONFLICT);
        }
        ReaderForm.Checked<Preferences> preferences = form.checkPreferences(words);
        if (preferences.value() == null) {
            return preferencesPage(found.get(), token, formPage(form, preferences.errors(),
                    words.get("problem.not-saved")), false, HttpStatus.BAD_REQUEST);
        }
        // The tags' rhythms, the pause and quiet hours have forms of their own (RhythmPages): they stay as they are.
        try {
            return subscriptions.changePreferences(token, current -> {
                        Preferences changed = preferences.value().withQuietHours(current.quietHours())
                                .keeping(current);
                        return form.languageChosen() ? changed.withLanguage(preferences.value().language()) : changed;
                    })
                    .map(reader -> new ModelAndView("redirect:/preferences/" + token + "?saved"))
                    .orElseGet(() -> unknownLink(request));
        } catch (TagRetired retired) {
            return preferencesPage(found.get(), token, formPage(form, Map.of("tags", retiredTag(retired, words)),
                    words.get("problem.not-saved")), false, HttpStatus.BAD_REQUEST);
        }
    }

    /** A retired tag chosen on a form, said to the reader with the tags offered instead. */
    private static String retiredTag(TagRetired retired, Words words) {
        Tags.Retirement retirement = retired.retirement();
        return retirement.offer().isEmpty() ? words.get("error.tags.retired", retirement.tag().label())
                : words.get("error.tags.retired.offer", retirement.tag().label(),
                        retirement.offer().stream().map(tag -> "#" + tag.label()).collect(Collectors.joining(", ")));
    }

    /**
     * A reader who left comes back from their preferences page: a sign-up with their last choices, so a confirmation
     * email, never a subscription at once. The new subscription gets new links; this one stops working.
     */
    @PostMapping("/preferences/{token}/resubscribe")
    ModelAndView resubscribe(@PathVariable String token, HttpServletRequest request, HttpServletResponse response,
                             RedirectAttributes redirect) {
        Optional<Subscriber> found = subscriptions.readerOf(LinkPurpose.PREFERENCES, token);
        if (found.isEmpty()) {
            return unknownLink(request);
        }
        Subscriber reader = found.get();
        if (reader.status() != SubscriberStatus.UNSUBSCRIBED) {
            return new ModelAndView("redirect:/preferences/" + token);
        }
        try {
            limits.check(request.getRemoteAddr(), reader.email());
        } catch (TooManyRequests tooMany) {
            response.setHeader(HttpHeaders.RETRY_AFTER, tooMany.retryAfterSeconds());
            return preferencesPage(reader, token, formPage(ReaderForm.of(reader.preferences()), Map.of(),
                    words(reader).get(SignUpLimits.wordsFor(tooMany))), false, HttpStatus.TOO_MANY_REQUESTS);
        }
        subscriptions.signUp(reader.email(), reader.preferences());
        redirect.addFlashAttribute(LANGUAGE, reader.preferences().language());
        return new ModelAndView("redirect:/preferences/resubscribed?" + ReaderWords.LANG + "="
                + reader.preferences().language().code());
    }

    /** Where coming back leads, in the reader's language; the address stays out of the URL. */
    @GetMapping("/preferences/resubscribed")
    ModelAndView resubscribed(HttpServletRequest request) {
        return PageView.of(templates.readerResubscribed(flashedWords(request)), HttpStatus.OK);
    }

    /**
     * Everything Dispatch holds about the reader, as a JSON file to keep. A stale link answers a browser with the page
     * every stale link of theirs gets, and a client with the API's problem.
     */
    @GetMapping("/preferences/{token}/data")
    @ResponseBody
    ResponseEntity<ReaderData> data(@PathVariable String token, HttpServletRequest request) {
        return subscriptions.personalData(token)
                .map(data -> ResponseEntity.ok()
                        .contentType(MediaType.APPLICATION_JSON)
                        .header(HttpHeaders.CONTENT_DISPOSITION,
                                ContentDisposition.attachment().filename("dispatch-my-data.json").build().toString())
                        .body(ReaderData.of(data, followUps.followedBy(data.reader().id()),
                                bounces.allAbout(data.reader().id()),
                                suppressions.find(data.reader().email()).orElse(null),
                                clock.instant().truncatedTo(ChronoUnit.SECONDS))))
                .orElseThrow(() -> inBrowser(request) ? new StaleLinkInBrowser()
                        : new NotFound("This link is unknown or no longer valid."));
    }

    private static boolean inBrowser(HttpServletRequest request) {
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        return accept != null && accept.contains(MediaType.TEXT_HTML_VALUE);
    }

    /** A link of a reader's gone stale, followed in a browser where the answer would have been JSON. */
    private static final class StaleLinkInBrowser extends RuntimeException {

        StaleLinkInBrowser() {
            super(null, null, false, false);
        }
    }

    @ExceptionHandler
    ModelAndView staleLink(StaleLinkInBrowser stale, HttpServletRequest request) {
        return unknownLink(request);
    }

    @GetMapping("/unsubscribe/{token}")
    ModelAndView unsubscribePage(@PathVariable String token, HttpServletRequest request) {
        return subscriptions.readerOf(LinkPurpose.UNSUBSCRIBE, token)
                .map(reader -> reader.status() == SubscriberStatus.UNSUBSCRIBED
                        ? PageView.of(templates.readerUnsubscribed(words(reader), reader), HttpStatus.OK)
                        : PageView.of(templates.readerUnsubscribe(words(reader), reader, token), HttpStatus.OK))
                .orElseGet(() -> unknownLink(request));
    }

    /**
     * The page's button, answered with a redirect to the page, which then says it is done; mail clients' one-click
     * posts get JSON from {@code SubscriptionApi}.
     */
    @PostMapping(value = "/unsubscribe/{token}", produces = MediaType.TEXT_HTML_VALUE)
    ModelAndView unsubscribe(@PathVariable String token, HttpServletRequest request) {
        return subscriptions.unsubscribe(token)
                .map(reader -> new ModelAndView("redirect:/unsubscribe/" + token))
                .orElseGet(() -> unknownLink(request));
    }

    /**
     * The page a story's "Follow this story" link opens, under the reader's preferences token: one button asks for
     * every follow-up of the story, whatever the reader's tags; once asked, it says so.
     */
    @GetMapping("/follow/{token}/{articleId}")
    ModelAndView followPage(@PathVariable String token, @PathVariable String articleId,
                            HttpServletRequest request) {
        Optional<Long> id = articleId(articleId);
        Optional<Subscriber> reader = activeReader(token);
        Optional<Article> article = id.flatMap(articles::find)
                .filter(story -> !story.publishedAt().isAfter(clock.instant()));
        if (reader.isEmpty()) {
            return unknownLink(request);
        }
        if (article.isEmpty()) {
            return nothingToFollow(reader.get());
        }
        boolean following = followUps.follows(reader.get().id(), article.get().id());
        return PageView.of(shared -> templates.readerFollow(words(reader.get()), reader.get(), article.get(), token, following,
                shared.csrf()), HttpStatus.OK);
    }

    @PostMapping("/follow/{token}/{articleId}")
    ModelAndView follow(@PathVariable String token, @PathVariable String articleId, HttpServletRequest request) {
        Optional<Long> id = articleId(articleId);
        Optional<Subscriber> reader = activeReader(token);
        if (reader.isEmpty()) {
            return unknownLink(request);
        }
        if (id.flatMap(articles::find).filter(story -> !story.publishedAt().isAfter(clock.instant())).isEmpty()) {
            return nothingToFollow(reader.get());
        }
        stories.follow(reader.get().id(), id.get());
        return new ModelAndView("redirect:/follow/" + token + "/" + id.get());
    }

    /** The reader of a preferences link, if they still read: follow links do nothing for the others. */
    private Optional<Subscriber> activeReader(String token) {
        return subscriptions.readerOf(LinkPurpose.PREFERENCES, token)
                .filter(found -> found.status() == SubscriberStatus.ACTIVE);
    }

    /**
     * The page a retired tag's notice links to, under the reader's preferences token: one button follows a tag offered
     * instead; once followed, it says so. An unknown or retired tag is an unknown link.
     */
    @GetMapping("/follow/{token}/tags/{key}")
    ModelAndView followTagPage(@PathVariable String token, @PathVariable String key, HttpServletRequest request) {
        Optional<Subscriber> reader = activeReader(token);
        Optional<Tag> tag = followable(key);
        if (reader.isEmpty()) {
            return unknownLink(request);
        }
        if (tag.isEmpty()) {
            return nothingToFollow(reader.get());
        }
        boolean following = reader.get().preferences().tagKeys().contains(tag.get().key());
        return PageView.of(shared -> templates.readerFollowTag(words(reader.get()), reader.get(), tag.get(), token,
                following, shared.csrf()), HttpStatus.OK);
    }

    @PostMapping("/follow/{token}/tags/{key}")
    ModelAndView followTag(@PathVariable String token, @PathVariable String key, HttpServletRequest request) {
        Optional<Subscriber> reader = activeReader(token);
        Optional<Tag> tag = followable(key);
        if (reader.isEmpty()) {
            return unknownLink(request);
        }
        if (tag.isEmpty()) {
            return nothingToFollow(reader.get());
        }
        subscriptions.changePreferences(token, current -> current.tagKeys().contains(tag.get().key()) ? current
                : new Preferences(Stream.concat(current.tags().stream(), Stream.of(tag.get())).toList(),
                        current.frequency(), current.timezone(), current.sendHour(), current.alerts(),
                        current.quietHours(), current.tagFrequencies(), current.pausedUntil(), current.language()));
        return new ModelAndView("redirect:/follow/" + token + "/tags/" + tag.get().key().inUrl());
    }

    /** The tag a key stands for (an alias's, its tag), while it is published. */
    private Optional<Tag> followable(String key) {
        Optional<TagKey> asked = asTag(key).map(Tag::key).findFirst();
        return asked.map(known -> knownTags.resolve(List.of(known)).get(known))
                .filter(tag -> knownTags.retirements(List.of(tag.key())).isEmpty());
    }

    private static Optional<Long> articleId(String id) {
        try {
            return Optional.of(Long.parseLong(id));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Too many unknown links from this client lately ({@link LinkThrottle}): when to come back. */
    @ExceptionHandler
    ModelAndView tooManyLinks(TooManyRequests tooMany, HttpServletRequest request, HttpServletResponse response) {
        response.setHeader(HttpHeaders.RETRY_AFTER, tooMany.retryAfterSeconds());
        Words words = browserWords(request);
        return PageView.of(templates.readerInvalidLink(words, words.get("link.too-many.heading"),
                words.get("link.too-many.message")), HttpStatus.TOO_MANY_REQUESTS);
    }

    private ModelAndView subscribePage(Words words, FormPage page, boolean detectZone, HttpStatus status) {
        return PageView.of(shared -> templates.readerSubscribe(words, page, shared.csrf(), detectZone), status);
    }

    private ModelAndView preferencesPage(Subscriber reader, String token, FormPage page, boolean saved,
                                         HttpStatus status) {
        return preferencesPage(reader, token, page, saved, null, status);
    }

    /**
     * The preferences page; {@code quiet} names why quiet hours were not saved ({@code same}, {@code hour}), said
     * under their form.
     */
    private ModelAndView preferencesPage(Subscriber reader, String token, FormPage page, boolean saved,
                                         String quiet, HttpStatus status) {
        String unsubscribeToken = subscribers.linkToken(reader, LinkPurpose.UNSUBSCRIBE);
        boolean paused = reader.preferences().pausedAt(clock.instant());
        String quietRefused = "same".equals(quiet) || "hour".equals(quiet) ? "quiet." + quiet : null;
        return PageView.of(shared -> templates.readerPreferences(words(reader), page, reader, token,
                unsubscribeToken, saved, shared.csrf(), paused, quietRefused), status);
    }

    /** The pages of a reader's links are in the reader's language. */
    private static Words words(Subscriber reader) {
        return ReaderWords.in(reader.preferences().language());
    }

    /** The language the page before chose, carried in the flash; else the browser's. */
    private Words flashedWords(HttpServletRequest request) {
        Map<String, ?> flash = RequestContextUtils.getInputFlashMap(request);
        return flash != null && flash.get(LANGUAGE) instanceof Language chosen ? ReaderWords.in(chosen)
                : browserWords(request);
    }

    private Words browserWords(HttpServletRequest request) {
        return ReaderWords.forBrowser(request, defaultLanguage);
    }

    /** A sign-up form answers in the language it chose, or else the browser's. */
    private Words formWords(ReaderForm form, HttpServletRequest request) {
        return Arrays.stream(Language.values()).filter(form::speaks).findFirst().map(ReaderWords::in)
                .orElseGet(() -> browserWords(request));
    }

    /**
     * The form with the tags in use lately to tick, and those the form holds that are not among them, flagged when no
     * published story carries them yet.
     */
    private FormPage formPage(ReaderForm form, Map<String, String> errors, String problem) {
        List<TagChoice> choices = new ArrayList<>(tags.offered().stream()
                .map(use -> new TagChoice(use.tag().label(), use.articles()))
                .toList());
        List<String> others = form.tags().stream()
                .filter(ticked -> choices.stream().noneMatch(choice -> TagKey.fold(choice.label())
                        .equals(TagKey.fold(ticked))))
                .toList();
        List<String> unused = tags.withoutStories(others.stream().flatMap(ReaderPages::asTag).toList());
        for (String ticked : others) {
            choices.add(new TagChoice(ticked, 0, asTag(ticked).anyMatch(tag -> unused.contains(tag.label()))));
        }
        Map<TagKey, String> labels = new LinkedHashMap<>();
        choices.forEach(choice -> asTag(choice.label()).forEach(tag -> labels.put(tag.key(), tag.label())));
        Map<String, String> merged = new TreeMap<>();
        knownTags.aliases(labels.keySet()).forEach((into, aliases) -> aliases.forEach(alias ->
                merged.put(alias.value(), labels.get(into))));
        return new FormPage(form, choices, errors, problem, clock.instant(), merged);
    }

    /** The tag as typed, if it is one; a form sent back with a mistake may hold one that is not. */
    private static Stream<Tag> asTag(String written) {
        try {
            return Stream.of(Tag.of(written));
        } catch (InvalidInput notATag) {
            return Stream.empty();
        }
    }

    private ModelAndView expiredConfirmation(HttpServletRequest request) {
        Words words = browserWords(request);
        return PageView.of(templates.readerInvalidLink(words, words.get("link.expired.heading"),
                words.get("link.expired.message")), HttpStatus.NOT_FOUND);
    }

    /**
     * A reader's follow link whose story or tag is gone (withdrawn, retired, never there): said in their language, and
     * not that the link was copied wrong, as it was not.
     */
    private ModelAndView nothingToFollow(Subscriber reader) {
        Words words = words(reader);
        return PageView.of(templates.readerProblem(words, words.get("follow.gone.heading"),
                words.get("follow.gone.message"), null), HttpStatus.NOT_FOUND);
    }

    private ModelAndView unknownLink(HttpServletRequest request) {
        Words words = browserWords(request);
        return PageView.of(templates.readerInvalidLink(words, words.get("link.unknown.heading"),
                words.get("link.unknown.message")), HttpStatus.NOT_FOUND);
    }
}
