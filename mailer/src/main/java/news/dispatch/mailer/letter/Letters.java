package news.dispatch.mailer.letter;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import gg.jte.models.runtime.JteModel;
import gg.jte.output.StringOutput;
import news.dispatch.core.SiteSettings;
import news.dispatch.core.article.Article;
import news.dispatch.core.article.Correction;
import news.dispatch.core.link.LinkPurpose;
import news.dispatch.core.link.LinkSettings;
import news.dispatch.core.link.LinkTokens;
import news.dispatch.core.subscriber.Frequency;
import news.dispatch.core.subscriber.Preferences;
import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.core.subscriber.Words;
import news.dispatch.core.tag.Tag;
import news.dispatch.core.tag.TagKey;
import news.dispatch.core.tag.Tags;
import news.dispatch.mailer.sender.SenderIdentity;
import news.dispatch.mailer.templates.html.StaticTemplates;
import news.dispatch.mailer.templates.html.Templates;

import org.springframework.stereotype.Component;

/**
 * Writes every email Dispatch sends, each with an HTML and a plain-text part from templates precompiled at
 * build time. JTE escapes everything from articles and readers in the HTML part. Dispatch's own words come from the
 * message bundle {@value #WORDS} in the reader's language (a new string goes into each language's file); articles'
 * text stays as written.
 */
@Component
public class Letters {

    /** The emails' message bundle: {@code messages_en.properties} and its translations, beside this class. */
    public static final String WORDS = "news.dispatch.mailer.letter.messages";
    private static final int SUBJECT_LIMIT = 140;
    private static final int MOST_TEASERS = 10_000;

    // Typed facades over the templates precompiled at build time: the compiler checks every letter handed to them.
    private final Templates html = new StaticTemplates();
    private final news.dispatch.mailer.templates.text.Templates text =
            new news.dispatch.mailer.templates.text.StaticTemplates();

    private final SiteSettings site;
    private final URI baseUrl;
    private final String base;
    private final SenderIdentity sender;
    private final String digests;
    private final String alerts;
    private final String notices;
    private final LinkTokens tokens;
    private final Duration confirmationTtl;
    /** Teasers by story id, as many as a node keeps headlines ({@code Articles.headlines}). */
    private final Map<Long, Teaser> teasers = new ConcurrentHashMap<>();

    public Letters(SiteSettings site, LinkTokens tokens, LinkSettings links, SenderIdentity sender) {
        this.site = site;
        this.baseUrl = site.baseUrl();
        String url = site.baseUrl().toString();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.sender = sender;
        // A list per kind of mail, so a reader's filters can tell digests from breaking news.
        this.digests = sender.listId("digests", "Dispatch digests");
        this.alerts = sender.listId("alerts", "Dispatch alerts");
        this.notices = sender.listId("notices", "Dispatch notices");
        this.tokens = tokens;
        this.confirmationTtl = links.confirmationTtl();
    }

    /**
     * What a reader agrees to for these preferences, as Dispatch puts it to them in their language: kept as their
     * consent when they confirm or are imported.
     */
    public static String consentText(Preferences preferences) {
        Words words = Words.of(WORDS, preferences.language());
        String hour = String.format(Locale.ROOT, "%02d:00", preferences.sendHour());
        return words.get("consent.text",
                preferences.tags().stream().map(tag -> "#" + tag.label()).collect(Collectors.joining(", ")),
                words.get("consent.rhythm." + preferences.frequency().name(), hour),
                preferences.timezone().getId(), preferences.alerts() ? words.get("consent.alerts") : "");
    }

    /**
     * What an imported reader's consent says: that it was given outside Dispatch, which never showed them words of
     * its own, and what was imported (a privacy QA, 7 December 2026: an import recorded {@link #consentText} as if
     * the reader had read it).
     */
    public static String importedConsentText(Preferences preferences) {
        return Words.of(WORDS, preferences.language()).get("consent.imported", consentText(preferences));
    }

    /** Dispatch's words in the reader's language. */
    private static Words words(Subscriber reader) {
        return Words.of(WORDS, reader.preferences().language());
    }

    public Email confirmation(Subscriber reader, String token) {
        Words words = words(reader);
        // The contract's links are the token alone (clients read it from them); the sign-up form's, the language too.
        ConfirmationLetter letter = new ConfirmationLetter(base + "/confirm/" + token, labels(reader),
                words.get("frequency." + reader.preferences().frequency().name()), describe(confirmationTtl, words),
                base + "/subscribe?lang=" + words.lang());
        return new Email(reader.email().value(), words.get("confirmation.subject"),
                render(text.confirmation(letter, words)), render(html.confirmation(letter, words)), Map.of(),
                words.lang());
    }

    /** After confirming: what they follow, and the links to change it. */
    public Email welcome(Subscriber reader) {
        return notice(reader, "welcome");
    }

    /** Someone signed up with an address that is already subscribed: remind its owner instead of subscribing. */
    public Email preferencesLink(Subscriber reader) {
        return notice(reader, "preferences-link");
    }

    /** A digest of the reader's own frequency. */
    public Email digest(Subscriber reader, List<Article> stories, int more) {
        return digest(reader, reader.preferences().frequency(), stories, more);
    }

    /** A digest of the run of one rhythm: a tag's own, or the reader's frequency. Its heading names that rhythm. */
    public Email digest(Subscriber reader, Frequency rhythm, List<Article> stories, int more) {
        return digest(reader, rhythm, stories, more, List.of(), Map.of());
    }

    /**
     * A digest: the corrections to stories the reader was sent first, then the stories; {@code because} gives, for a
     * story that reaches the reader as a follow-up of one they read, that earlier story. It needs a story or a
     * correction.
     */
    public Email digest(Subscriber reader, Frequency rhythm, List<Article> stories, int more,
                        List<Corrected> corrections, Map<Long, Article> because) {
        return digest(reader, rhythm, stories, more, corrections, because, List.of(), Map.of());
    }

    /**
     * A digest as above that also tells the reader, at its top, of tags they followed that are no longer published,
     * each with one-click links that follow the tags offered instead; {@code noted} gives, for a story corrected
     * before this reader was sent it, its corrections, said under it. It needs a story, a correction or a retired tag.
     */
    public Email digest(Subscriber reader, Frequency rhythm, List<Article> stories, int more,
                        List<Corrected> corrections, Map<Long, Article> because, List<Tags.Retirement> retired,
                        Map<Long, List<Correction>> noted) {
        if (stories.isEmpty() && corrections.isEmpty() && retired.isEmpty()) {
            throw new IllegalArgumentException("a digest needs at least one story, correction or retired tag");
        }
        Words words = words(reader);
        Links links = links(reader);
        Footer footer = footer(reader, words, links);
        List<String> covered = coveredTags(reader, stories);
        String follow = followUrl(links);
        // The tags the stories are on, none for a digest of corrections or follow-ups alone: a line of the reader's
        // tags above no story on them would promise one.
        DigestLetter letter = new DigestLetter(words.get("digest.heading." + rhythm.name()), covered,
                stories.stream().map(a -> story(reader, a, words, because.get(a.id()), follow, false,
                        noted.getOrDefault(a.id(), List.of()))).toList(), more,
                base + "/articles", footer, notes(corrections, words), retiredNotes(retired, reader, follow));
        String subject;
        if (stories.isEmpty() && corrections.isEmpty()) {
            subject = words.get("retired.subject", retired.get(0).tag().label());
        } else if (stories.isEmpty()) {
            subject = correctionSubject(corrections, words);
        } else {
            int others = stories.size() - 1 + more;
            String first = lead(reader, stories).title();
            String tags = String.join(", ", covered);
            if (covered.isEmpty()) {
                // Follow-ups alone: naming the reader's tags would promise stories on them.
                subject = others > 0 ? words.get("digest.subject.untagged.more", first, others) : first;
            } else {
                subject = others > 0 ? words.get("digest.subject.more", tags, first, others)
                        : words.get("digest.subject", tags, first);
            }
        }
        return new Email(reader.email().value(), shorten(subject), render(text.digest(letter, words)),
                render(html.digest(letter, words)), listHeaders(links, digests), words.lang());
    }

    /** Corrections to stories the reader was sent, at once: for a reader who reads as it happens. */
    public Email corrections(Subscriber reader, List<Corrected> corrections) {
        if (corrections.isEmpty()) {
            throw new IllegalArgumentException("a correction notice needs a correction");
        }
        Words words = words(reader);
        Links links = links(reader);
        CorrectionLetter letter = new CorrectionLetter(words.get("correction.heading"), notes(corrections, words),
                footer(reader, words, links));
        return new Email(reader.email().value(), shorten(correctionSubject(corrections, words)),
                render(text.correction(letter, words)), render(html.correction(letter, words)),
                listHeaders(links, notices), words.lang());
    }

    private static String correctionSubject(List<Corrected> corrections, Words words) {
        String title = corrections.get(0).article().title();
        return corrections.size() > 1 ? words.get("correction.subject.more", title, corrections.size() - 1)
                : words.get("correction.subject", title);
    }

    private List<CorrectionNote> notes(List<Corrected> corrections, Words words) {
        return corrections.stream().map(corrected -> new CorrectionNote(corrected.article().title(),
                teaser(corrected.article()).link(words), text(corrected.correction(), words))).toList();
    }

    private static String text(Correction correction, Words words) {
        Correction.Retitle retitle = correction.retitle();
        return retitle == null ? correction.text() : words.get("correction.retitled", retitle.from(), retitle.to());
    }

    /**
     * Each retired tag with the links that follow its offered tags ({@code /follow/{token}/tags/{key}}), but those the
     * reader follows already.
     */
    private static List<RetiredNote> retiredNotes(List<Tags.Retirement> retired, Subscriber reader,
                                                  String followUrl) {
        List<TagKey> followed = reader.preferences().tagKeys();
        return retired.stream().map(retirement -> new RetiredNote(retirement.tag().label(),
                retirement.offer().stream().filter(tag -> !followed.contains(tag.key()))
                        .map(tag -> new RetiredNote.Offer(tag.label(), followUrl + "tags/" + tag.key().inUrl()
                                + "?lang=" + reader.preferences().language().code()))
                        .toList())).toList();
    }

    /** A correction and the story it corrects. */
    public record Corrected(Correction correction, Article article) {
    }

    public Email alert(Subscriber reader, Article article) {
        return alert(reader, article, List.of());
    }

    /** An alert of a story corrected before it was sent: its corrections are said under it. */
    public Email alert(Subscriber reader, Article article, List<Correction> noted) {
        Words words = words(reader);
        Links links = links(reader);
        AlertLetter letter = new AlertLetter(story(reader, article, words, null, followUrl(links), true, noted),
                footer(reader, words, links));
        return new Email(reader.email().value(), shorten(words.get("alert.subject", article.title())),
                render(text.alert(letter, words)), render(html.alert(letter, words)), listHeaders(links, alerts),
                words.lang());
    }

    /** A notice whose heading and message are the bundle's {@code <notice>.heading} and {@code <notice>.message}. */
    private Email notice(Subscriber reader, String notice) {
        Words words = words(reader);
        Links links = links(reader);
        String heading = words.get(notice + ".heading");
        NoticeLetter letter = new NoticeLetter(heading, words.get(notice + ".message"), followed(reader, words),
                footer(reader, words, links));
        return new Email(reader.email().value(), heading, render(text.notice(letter, words)),
                render(html.notice(letter, words)), listHeaders(links, notices), words.lang());
    }

    /** The reader's tags by rhythm, fastest first: a tag of a rhythm of its own is not said to come at theirs. */
    private static List<NoticeLetter.Followed> followed(Subscriber reader, Words words) {
        Preferences preferences = reader.preferences();
        Map<Frequency, List<String>> byRhythm = new EnumMap<>(Frequency.class);
        for (Tag tag : preferences.tags()) {
            byRhythm.computeIfAbsent(preferences.tagFrequencies().getOrDefault(tag.key(), preferences.frequency()),
                    rhythm -> new ArrayList<>()).add(tag.label());
        }
        return byRhythm.entrySet().stream().map(rhythm -> new NoticeLetter.Followed(
                words.get("often." + rhythm.getKey().name()), rhythm.getValue())).toList();
    }

    /**
     * RFC 2369 and RFC 8058: one click on the https link unsubscribes; a mail client that only knows mailto sends
     * an email to the return path, whose subject names the same link.
     */
    private Map<String, String> listHeaders(Links links, String listId) {
        String token = links.unsubscribe();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("List-Unsubscribe", "<" + base + "/unsubscribe/" + token + ">, <"
                + sender.unsubscribeMailto(token) + ">");
        headers.put("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        headers.put("List-Id", listId);
        return headers;
    }

    private Footer footer(Subscriber reader, Words words, Links links) {
        String tags = labels(reader).stream().map(tag -> "#" + tag).collect(Collectors.joining(", "));
        String reason = words.get("footer.reason", reader.email().value(), tags, baseUrl.getHost());
        return new Footer(reason, base + "/preferences/" + links.preferences(),
                base + "/unsubscribe/" + links.unsubscribe());
    }

    /** The reader's link tokens, made once per email: each is an HMAC, and an email names each twice. */
    private record Links(String preferences, String unsubscribe) {
    }

    private Links links(Subscriber reader) {
        return new Links(tokens.token(LinkPurpose.PREFERENCES, reader.id(), reader.linkGeneration()),
                tokens.token(LinkPurpose.UNSUBSCRIBE, reader.id(), reader.linkGeneration()));
    }

    /** The story as the reader gets it; {@code lead} when it leads an alert, its headline larger. */
    private Story story(Subscriber reader, Article article, Words words, Article because, String followUrl,
                        boolean lead, List<Correction> noted) {
        Teaser teaser = teaser(article);
        Passages passages = passages(article, teaser, words, lead);
        return new Story(article.title(), passages.link(), teaser.time(words, reader.preferences().timezone()),
                article.author(), because == null ? null : because.title(),
                followUrl + article.id() + "?lang=" + words.lang(), passages,
                noted.isEmpty() ? List.of() : noted.stream().map(correction -> text(correction, words)).toList());
    }

    /** The story's passages in the language: written for its first reader in it, then kept with its teaser. */
    private Passages passages(Article article, Teaser teaser, Words words, boolean lead) {
        Passages kept = teaser.passages(words, lead);
        if (kept != null) {
            return kept;
        }
        String link = teaser.link(words);
        String storyLanguage = site.storyLanguageOn(words.lang());
        return teaser.keep(words, lead, new Passages(link,
                passage(html.headline(article.title(), link, lead, storyLanguage)),
                passage(html.summary(article.summary(), teaser.labels(), storyLanguage)),
                passage(text.headline(article.title())),
                passage(text.summary(words, article.summary(), teaser.labels(), link))));
    }

    private static Passage passage(JteModel template) {
        StringOutput output = new StringOutput();
        template.render(output);
        return new Passage(output.toString());
    }

    private Teaser teaser(Article article) {
        Teaser teaser = teasers.get(article.id());
        if (teaser == null || !teaser.of(article)) {
            if (teasers.size() >= MOST_TEASERS) {
                teasers.clear();
            }
            teaser = new Teaser(article, article.link(baseUrl).toString());
            teasers.put(article.id(), teaser);
        }
        return teaser;
    }

    /**
     * Where the reader asks for a story's follow-ups, the story's id to be appended: under their preferences token,
     * worked out once per email.
     */
    private String followUrl(Links links) {
        return base + "/follow/" + links.preferences() + "/";
    }

    /** The reader's tags these stories carry, in the form the reader follows them, most frequent first. */
    /**
     * The story a digest's subject names after the reader's tags: the first on one of them, as a follow-up listed
     * before it is on none; the first of all when none is.
     */
    private static Article lead(Subscriber reader, List<Article> stories) {
        List<TagKey> followed = reader.preferences().tagKeys();
        return stories.stream().filter(story -> story.tags().stream().anyMatch(tag -> followed.contains(tag.key())))
                .findFirst().orElse(stories.get(0));
    }

    private static List<String> coveredTags(Subscriber reader, List<Article> stories) {
        Map<TagKey, String> followed = new LinkedHashMap<>();
        reader.preferences().tags().forEach(tag -> followed.put(tag.key(), tag.label()));
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Article article : stories) {
            for (Tag tag : article.tags()) {
                String label = followed.get(tag.key());
                if (label != null) {
                    counts.merge(label, 1, Integer::sum);
                }
            }
        }
        List<Map.Entry<String, Integer>> entries = new ArrayList<>(counts.entrySet());
        entries.sort(Map.Entry.<String, Integer>comparingByValue().reversed());
        Set<String> covered = new LinkedHashSet<>();
        entries.forEach(entry -> covered.add(entry.getKey()));
        return List.copyOf(covered);
    }

    private static List<String> labels(Subscriber reader) {
        return reader.preferences().tags().stream().map(Tag::label).toList();
    }

    /** How long a link works, never said longer than it does: whole days, else hours, else minutes. */
    static String describe(Duration duration, Words words) {
        long days = duration.toDays();
        if (days >= 1 && duration.equals(Duration.ofDays(days))) {
            return words.get("duration.days", days);
        }
        if (duration.toHours() >= 1) {
            return words.get("duration.hours", duration.toHours());
        }
        return words.get("duration.minutes", Math.max(1, duration.toMinutes()));
    }

    private static String shorten(String subject) {
        String line = Email.oneLine(subject);
        return line.length() <= SUBJECT_LIMIT ? line : line.substring(0, SUBJECT_LIMIT - 1) + "…";
    }

    /** The part as its template: written out where it is sent (or read), not here. */
    private static Body render(JteModel template) {
        return new Body.Template(template);
    }
}
