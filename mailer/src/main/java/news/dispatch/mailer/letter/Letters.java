package news.dispatch.mailer.letter;

import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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
import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.core.tag.Tag;
import news.dispatch.core.tag.TagKey;
import news.dispatch.mailer.sender.SenderIdentity;
import news.dispatch.mailer.templates.html.StaticTemplates;
import news.dispatch.mailer.templates.html.Templates;

import org.springframework.stereotype.Component;

/**
 * Writes every email Dispatch sends, each with an HTML and a plain-text part from templates precompiled at
 * build time. JTE escapes everything from articles and readers in the HTML part.
 */
@Component
public class Letters {

    private static final int SUBJECT_LIMIT = 140;
    private static final ThreadLocal<StringOutput> OUTPUT = ThreadLocal.withInitial(() -> new StringOutput(64 * 1024));
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm z", Locale.ENGLISH);

    // Typed facades over the templates precompiled at build time: the compiler checks every letter handed to them.
    private final Templates html = new StaticTemplates();
    private final news.dispatch.mailer.templates.text.Templates text =
            new news.dispatch.mailer.templates.text.StaticTemplates();

    private final URI baseUrl;
    private final String base;
    private final SenderIdentity sender;
    private final String digests;
    private final String alerts;
    private final String notices;
    private final LinkTokens tokens;
    private final Duration confirmationTtl;

    public Letters(SiteSettings site, LinkTokens tokens, LinkSettings links, SenderIdentity sender) {
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

    public Email confirmation(Subscriber reader, String token) {
        ConfirmationLetter letter = new ConfirmationLetter(base + "/confirm/" + token, labels(reader),
                frequency(reader.preferences().frequency()), describe(confirmationTtl), base + "/subscribe");
        return new Email(reader.email().value(), "Confirm your subscription to Dispatch",
                render(text.confirmation(letter)), render(html.confirmation(letter)), Map.of());
    }

    /** After confirming: what they follow, and the links to change it. */
    public Email welcome(Subscriber reader) {
        return notice(reader, "Welcome to Dispatch", "You're subscribed. Your first digest comes with the next "
                + "stories on your tags.");
    }

    /** Someone signed up with an address that is already subscribed: remind its owner instead of subscribing. */
    public Email preferencesLink(Subscriber reader) {
        return notice(reader, "Your Dispatch subscription", "Someone — probably you — asked to subscribe this "
                + "address, which is already subscribed. To change what you get, use the link below.");
    }

    public Email digest(Subscriber reader, List<Article> stories, int more) {
        return digest(reader, stories, more, List.of(), Map.of());
    }

    /**
     * A digest: the corrections to stories the reader was sent first, then the stories; {@code because} gives, for a
     * story that reaches the reader as a follow-up of one they read, that earlier story. It needs a story or a
     * correction.
     */
    public Email digest(Subscriber reader, List<Article> stories, int more, List<Corrected> corrections,
                        Map<Long, Article> because) {
        if (stories.isEmpty() && corrections.isEmpty()) {
            throw new IllegalArgumentException("a digest needs at least one story or correction");
        }
        Footer footer = footer(reader);
        List<String> covered = coveredTags(reader, stories);
        String heading = switch (reader.preferences().frequency()) {
            case IMMEDIATE -> "New on your tags";
            case DAILY -> "Your daily digest";
            case WEEKLY -> "Your weekly digest";
        };
        String follow = followUrl(reader);
        DigestLetter letter = new DigestLetter(heading, covered, stories.stream()
                .map(a -> story(reader, a, because.get(a.id()), follow)).toList(), more, base + "/articles", footer,
                notes(corrections));
        String subject;
        if (stories.isEmpty()) {
            subject = "Correction: " + corrections.get(0).article().title()
                    + (corrections.size() > 1 ? " + " + (corrections.size() - 1) + " more" : "");
        } else {
            int others = stories.size() - 1 + more;
            subject = String.join(", ", covered) + ": " + stories.get(0).title()
                    + (others > 0 ? " + " + others + " more" : "");
        }
        return new Email(reader.email().value(), shorten(subject), render(text.digest(letter)),
                render(html.digest(letter)), listHeaders(reader, digests));
    }

    /** Corrections to stories the reader was sent, at once: for a reader who reads as it happens. */
    public Email corrections(Subscriber reader, List<Corrected> corrections) {
        if (corrections.isEmpty()) {
            throw new IllegalArgumentException("a correction notice needs a correction");
        }
        CorrectionLetter letter = new CorrectionLetter("A correction to a story you were sent", notes(corrections),
                footer(reader));
        return new Email(reader.email().value(), shorten("Correction: " + corrections.get(0).article().title()),
                render(text.correction(letter)), render(html.correction(letter)), listHeaders(reader, notices));
    }

    private List<CorrectionNote> notes(List<Corrected> corrections) {
        return corrections.stream().map(corrected -> new CorrectionNote(corrected.article().title(),
                corrected.article().link(baseUrl).toString(), corrected.correction().text())).toList();
    }

    /** A correction and the story it corrects. */
    public record Corrected(Correction correction, Article article) {
    }

    public Email alert(Subscriber reader, Article article) {
        AlertLetter letter = new AlertLetter(story(reader, article, null, followUrl(reader)), footer(reader));
        return new Email(reader.email().value(), shorten("Breaking: " + article.title()),
                render(text.alert(letter)), render(html.alert(letter)), listHeaders(reader, alerts));
    }

    private Email notice(Subscriber reader, String heading, String message) {
        NoticeLetter letter = new NoticeLetter(heading, message, labels(reader),
                frequency(reader.preferences().frequency()), footer(reader));
        return new Email(reader.email().value(), heading, render(text.notice(letter)),
                render(html.notice(letter)), listHeaders(reader, notices));
    }

    /**
     * RFC 2369 and RFC 8058: one click on the https link unsubscribes; a mail client that only knows mailto sends
     * an email to the return path, whose subject names the same link.
     */
    private Map<String, String> listHeaders(Subscriber reader, String listId) {
        String token = token(reader, LinkPurpose.UNSUBSCRIBE);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("List-Unsubscribe", "<" + base + "/unsubscribe/" + token + ">, <"
                + sender.unsubscribeMailto(token) + ">");
        headers.put("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        headers.put("List-Id", listId);
        return headers;
    }

    private Footer footer(Subscriber reader) {
        String tags = labels(reader).stream().map(tag -> "#" + tag).collect(Collectors.joining(", "));
        String reason = "You get this email because " + reader.email().value() + " follows " + tags
                + " on Dispatch (" + baseUrl.getHost() + ").";
        return new Footer(reason, base + "/preferences/" + token(reader, LinkPurpose.PREFERENCES),
                unsubscribeUrl(reader));
    }

    private String unsubscribeUrl(Subscriber reader) {
        return base + "/unsubscribe/" + token(reader, LinkPurpose.UNSUBSCRIBE);
    }

    private String token(Subscriber reader, LinkPurpose purpose) {
        return tokens.token(purpose, reader.id(), reader.linkGeneration());
    }

    private Story story(Subscriber reader, Article article, Article because, String followUrl) {
        return new Story(article.title(), article.link(baseUrl).toString(),
                TIME.format(article.publishedAt().atZone(reader.preferences().timezone())), article.summary(),
                article.tags().stream().map(Tag::label).toList(), article.author(),
                because == null ? null : because.title(), followUrl + article.id());
    }

    /**
     * Where the reader asks for a story's follow-ups, the story's id to be appended: under their preferences token,
     * worked out once per email.
     */
    private String followUrl(Subscriber reader) {
        return base + "/follow/" + token(reader, LinkPurpose.PREFERENCES) + "/";
    }

    /** The reader's tags these stories carry, in the form the reader follows them, most frequent first. */
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
        return covered.isEmpty() ? labels(reader) : List.copyOf(covered);
    }

    private static List<String> labels(Subscriber reader) {
        return reader.preferences().tags().stream().map(Tag::label).toList();
    }

    private static String frequency(Frequency frequency) {
        return switch (frequency) {
            case IMMEDIATE -> "as-it-happens";
            case DAILY -> "daily";
            case WEEKLY -> "weekly";
        };
    }

    private static String describe(Duration duration) {
        long days = duration.toDays();
        if (days >= 1 && duration.equals(Duration.ofDays(days))) {
            return days == 1 ? "1 day" : days + " days";
        }
        long hours = Math.max(1, duration.toHours());
        return hours == 1 ? "1 hour" : hours + " hours";
    }

    private static String shorten(String subject) {
        String line = Email.oneLine(subject);
        return line.length() <= SUBJECT_LIMIT ? line : line.substring(0, SUBJECT_LIMIT - 1) + "…";
    }

    private static String render(JteModel template) {
        // One buffer per thread, kept: a digest is some 50 KB of text, which a fresh buffer would grow to by copying.
        StringOutput output = OUTPUT.get();
        output.reset();
        template.render(output);
        return output.toString();
    }
}
