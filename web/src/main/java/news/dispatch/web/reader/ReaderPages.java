package news.dispatch.web.reader;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import gg.jte.generated.precompiled.Templates;
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
import news.dispatch.mailer.story.StoryDesk;
import news.dispatch.mailer.subscription.ReaderSettings;
import news.dispatch.mailer.subscription.Subscriptions;
import news.dispatch.web.page.PageView;
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
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.support.RequestContextUtils;

/**
 * The readers' pages: sign up, confirm, preferences, unsubscribe, follow a story. Server-rendered forms that work without
 * JavaScript; every form but the one-click unsubscribe carries a CSRF token. A GET never changes anything, because
 * mail scanners open links.
 */
@Controller
class ReaderPages {

    /** What a redirect carries to the page after it, in the session's flash rather than the URL. */
    private static final String SENT_TO = "sentTo";
    private static final String NO_STORIES_YET = "noStoriesYet";
    private static final String PREFERENCES_TOKEN = "preferencesToken";

    private final Subscriptions subscriptions;
    private final Subscribers subscribers;
    private final OfferedTags tags;
    private final SignUpLimits limits;
    private final Articles articles;
    private final StoryDesk stories;
    private final FollowUps followUps;
    private final Clock clock;
    private final Templates templates;
    private final Language defaultLanguage;

    ReaderPages(Subscriptions subscriptions, Subscribers subscribers, OfferedTags tags, SignUpLimits limits,
                Articles articles, StoryDesk stories, FollowUps followUps, Clock clock, Templates templates,
                ReaderSettings readers) {
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

    /** The form offers the language the browser asks for, when it is one of ours. */
    @GetMapping("/subscribe")
    ModelAndView subscribe(@RequestHeader(name = HttpHeaders.ACCEPT_LANGUAGE, required = false) String accepted) {
        ReaderForm blank = ReaderForm.blank(BrowserLanguage.of(accepted).orElse(defaultLanguage));
        return subscribePage(formPage(blank, Map.of(), null), true, HttpStatus.OK);
    }

    @PostMapping("/subscribe")
    ModelAndView signUp(ReaderForm form, HttpServletRequest request, HttpServletResponse response,
                        RedirectAttributes redirect) {
        ReaderForm.Checked<EmailAddress> email = form.checkEmail();
        ReaderForm.Checked<Preferences> preferences = form.checkPreferences();
        if (email.value() == null || preferences.value() == null) {
            Map<String, String> errors = new LinkedHashMap<>(email.errors());
            errors.putAll(preferences.errors());
            return subscribePage(formPage(form, errors, "Please correct the marked fields."), false,
                    HttpStatus.BAD_REQUEST);
        }
        try {
            limits.check(request.getRemoteAddr(), email.value());
        } catch (TooManyRequests tooMany) {
            response.setHeader(HttpHeaders.RETRY_AFTER, tooMany.retryAfterSeconds());
            return subscribePage(formPage(form, Map.of(), tooMany.getMessage()), false,
                    HttpStatus.TOO_MANY_REQUESTS);
        }
        // A filled honeypot is a robot: it is answered like everyone else, and nothing is stored or sent.
        if (!form.honeypotFilled()) {
            subscriptions.signUp(email.value(), form.languageChosen() ? preferences.value()
                    : preferences.value().withLanguage(defaultLanguage));
        }
        // Redirected, so that reloading "check your inbox" sends no second sign-up; the address rides in the
        // session's flash, never in the URL.
        redirect.addFlashAttribute(SENT_TO, email.value().value());
        redirect.addFlashAttribute(NO_STORIES_YET, tags.withoutStories(preferences.value().tags()));
        return new ModelAndView("redirect:/subscribe/sent");
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
        return PageView.of(templates.readerSent(email, noStoriesYet), HttpStatus.OK);
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
                        ? PageView.of(shared -> templates.readerConfirm(reader, token, shared.csrf()), HttpStatus.OK)
                        : PageView.of(templates.readerConfirmed(reader, preferencesToken), HttpStatus.OK))
                .orElseGet(this::expiredConfirmation);
    }

    @PostMapping("/confirm/{token}")
    ModelAndView confirm(@PathVariable String token, HttpServletRequest request, RedirectAttributes redirect) {
        return subscriptions.confirm(token, Consent.Source.FORM, request.getRemoteAddr())
                .map(reader -> {
                    redirect.addFlashAttribute(PREFERENCES_TOKEN,
                            subscribers.linkToken(reader, LinkPurpose.PREFERENCES));
                    return new ModelAndView("redirect:/confirm/" + token);
                })
                .orElseGet(this::expiredConfirmation);
    }

    @GetMapping("/preferences/{token}")
    ModelAndView preferences(@PathVariable String token, @RequestParam(required = false) String saved) {
        return subscriptions.readerOf(LinkPurpose.PREFERENCES, token)
                .map(reader -> preferencesPage(reader, token, formPage(ReaderForm.of(reader.preferences()),
                        Map.of(), null), saved != null, HttpStatus.OK))
                .orElseGet(this::unknownLink);
    }

    @PostMapping("/preferences/{token}")
    ModelAndView changePreferences(@PathVariable String token, ReaderForm form) {
        Optional<Subscriber> left = subscriptions.readerOf(LinkPurpose.PREFERENCES, token)
                .filter(reader -> reader.status() == SubscriberStatus.UNSUBSCRIBED);
        if (left.isPresent()) {
            // A form kept open from before the reader left: nothing is stored, the page offers to come back.
            return preferencesPage(left.get(), token, formPage(form, Map.of(), "Nothing was saved: you have "
                    + "unsubscribed. Subscribe again below to get Dispatch."), false, HttpStatus.CONFLICT);
        }
        ReaderForm.Checked<Preferences> preferences = form.checkPreferences();
        if (preferences.value() == null) {
            return subscriptions.readerOf(LinkPurpose.PREFERENCES, token)
                    .map(reader -> preferencesPage(reader, token, formPage(form, preferences.errors(),
                            "Nothing was saved: please correct the marked fields."), false, HttpStatus.BAD_REQUEST))
                    .orElseGet(this::unknownLink);
        }
        // The form has no quiet hours (they are set through the API), and the tags' rhythms and the pause have
        // forms of their own (RhythmPages): they stay as they are.
        return subscriptions.changePreferences(token, current -> {
                    Preferences changed = preferences.value().withQuietHours(current.quietHours()).keeping(current);
                    return form.languageChosen() ? changed.withLanguage(preferences.value().language()) : changed;
                })
                .map(reader -> new ModelAndView("redirect:/preferences/" + token + "?saved"))
                .orElseGet(this::unknownLink);
    }

    /**
     * A reader who left comes back from their preferences page: a sign-up with their last choices, so a confirmation
     * email, never a subscription at once. The new subscription gets new links; this one stops working.
     */
    @PostMapping("/preferences/{token}/resubscribe")
    ModelAndView resubscribe(@PathVariable String token, HttpServletRequest request, HttpServletResponse response) {
        Optional<Subscriber> found = subscriptions.readerOf(LinkPurpose.PREFERENCES, token);
        if (found.isEmpty()) {
            return unknownLink();
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
                    tooMany.getMessage()), false, HttpStatus.TOO_MANY_REQUESTS);
        }
        subscriptions.signUp(reader.email(), reader.preferences());
        return new ModelAndView("redirect:/preferences/resubscribed");
    }

    /** Where coming back leads; the address stays out of the URL. */
    @GetMapping("/preferences/resubscribed")
    ModelAndView resubscribed() {
        return PageView.of(templates.readerResubscribed(), HttpStatus.OK);
    }

    /** Everything Dispatch holds about the reader, as a JSON file to keep. */
    @GetMapping("/preferences/{token}/data")
    @ResponseBody
    ResponseEntity<ReaderData> data(@PathVariable String token) {
        return subscriptions.personalData(token)
                .map(data -> ResponseEntity.ok()
                        .contentType(MediaType.APPLICATION_JSON)
                        .header(HttpHeaders.CONTENT_DISPOSITION,
                                ContentDisposition.attachment().filename("dispatch-my-data.json").build().toString())
                        .body(ReaderData.of(data, clock.instant().truncatedTo(ChronoUnit.SECONDS))))
                .orElseThrow(() -> new NotFound("This link is unknown or no longer valid."));
    }

    @GetMapping("/unsubscribe/{token}")
    ModelAndView unsubscribePage(@PathVariable String token) {
        return subscriptions.readerOf(LinkPurpose.UNSUBSCRIBE, token)
                .map(reader -> reader.status() == SubscriberStatus.UNSUBSCRIBED
                        ? PageView.of(templates.readerUnsubscribed(reader), HttpStatus.OK)
                        : PageView.of(templates.readerUnsubscribe(reader, token), HttpStatus.OK))
                .orElseGet(this::unknownLink);
    }

    /**
     * The page's button, answered with a redirect to the page, which then says it is done; mail clients' one-click
     * posts get JSON from {@code SubscriptionApi}.
     */
    @PostMapping(value = "/unsubscribe/{token}", produces = MediaType.TEXT_HTML_VALUE)
    ModelAndView unsubscribe(@PathVariable String token) {
        return subscriptions.unsubscribe(token)
                .map(reader -> new ModelAndView("redirect:/unsubscribe/" + token))
                .orElseGet(this::unknownLink);
    }

    /**
     * The page a story's "Follow this story" link opens, under the reader's preferences token: one button asks for
     * every follow-up of the story, whatever the reader's tags; once asked, it says so.
     */
    @GetMapping("/follow/{token}/{articleId}")
    ModelAndView followPage(@PathVariable String token, @PathVariable String articleId) {
        Optional<Long> id = articleId(articleId);
        Optional<Subscriber> reader = subscriptions.readerOf(LinkPurpose.PREFERENCES, token)
                .filter(found -> found.status() == SubscriberStatus.ACTIVE);
        Optional<Article> article = id.flatMap(articles::find)
                .filter(story -> !story.publishedAt().isAfter(clock.instant()));
        if (reader.isEmpty() || article.isEmpty()) {
            return unknownLink();
        }
        boolean following = followUps.follows(reader.get().id(), article.get().id());
        return PageView.of(shared -> templates.readerFollow(reader.get(), article.get(), token, following,
                shared.csrf()), HttpStatus.OK);
    }

    @PostMapping("/follow/{token}/{articleId}")
    ModelAndView follow(@PathVariable String token, @PathVariable String articleId) {
        Optional<Long> id = articleId(articleId);
        Optional<Subscriber> reader = subscriptions.readerOf(LinkPurpose.PREFERENCES, token)
                .filter(found -> found.status() == SubscriberStatus.ACTIVE);
        if (reader.isEmpty() || id.flatMap(articles::find)
                .filter(story -> !story.publishedAt().isAfter(clock.instant())).isEmpty()) {
            return unknownLink();
        }
        stories.follow(reader.get().id(), id.get());
        return new ModelAndView("redirect:/follow/" + token + "/" + id.get());
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
    ModelAndView tooManyLinks(TooManyRequests tooMany, HttpServletResponse response) {
        response.setHeader(HttpHeaders.RETRY_AFTER, tooMany.retryAfterSeconds());
        return PageView.of(templates.readerInvalidLink("Too many links tried", tooMany.getMessage()),
                HttpStatus.TOO_MANY_REQUESTS);
    }

    private ModelAndView subscribePage(FormPage page, boolean detectZone, HttpStatus status) {
        return PageView.of(shared -> templates.readerSubscribe(page, shared.csrf(), detectZone), status);
    }

    private ModelAndView preferencesPage(Subscriber reader, String token, FormPage page, boolean saved,
                                         HttpStatus status) {
        String unsubscribeToken = subscribers.linkToken(reader, LinkPurpose.UNSUBSCRIBE);
        boolean paused = reader.preferences().pausedAt(clock.instant());
        return PageView.of(shared -> templates.readerPreferences(page, reader, token, unsubscribeToken, saved,
                shared.csrf(), paused), status);
    }

    /** The form with the tags in use lately to tick, and those the form holds that are not among them. */
    private FormPage formPage(ReaderForm form, Map<String, String> errors, String problem) {
        List<TagChoice> choices = new ArrayList<>(tags.offered().stream()
                .map(use -> new TagChoice(use.tag().label(), use.articles()))
                .toList());
        for (String ticked : form.tags()) {
            if (choices.stream().noneMatch(choice -> choice.label().toLowerCase(Locale.ROOT)
                    .equals(ticked.toLowerCase(Locale.ROOT)))) {
                choices.add(new TagChoice(ticked, 0));
            }
        }
        return new FormPage(form, choices, errors, problem, clock.instant());
    }

    private ModelAndView expiredConfirmation() {
        return PageView.of(templates.readerInvalidLink("This confirmation link does not work",
                "It has expired, was replaced by the link of a later sign-up, was already used for an "
                        + "earlier sign-up, or was copied incompletely. Use the newest email from Dispatch, or sign up "
                        + "again and we will send you a new one."), HttpStatus.NOT_FOUND);
    }

    private ModelAndView unknownLink() {
        return PageView.of(templates.readerInvalidLink("This link does not work",
                "It may have been copied incompletely, or replaced by a newer one. The newest email from "
                        + "Dispatch holds links that work; or sign up again."), HttpStatus.NOT_FOUND);
    }
}
