package news.dispatch.web.article;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import news.dispatch.core.InvalidInput;
import news.dispatch.core.article.Article;
import news.dispatch.core.article.NewArticle;
import news.dispatch.core.tag.Tag;
import news.dispatch.core.tag.TagKey;

/**
 * The article form as posted, every field as typed so that a page with mistakes shows it back. Public because the
 * precompiled templates, in another package, read it.
 *
 * @param tags        the suggested tags ticked, as labels
 * @param moreTags    tags typed in, separated by commas
 * @param publishedAt a local date and time in UTC, as a {@code datetime-local} input sends it; blank is now for a
 *                    new article, and keeps the time of one being edited
 */
public record ArticleForm(String title, String summary, String body, String author, String url, List<String> tags,
                          String moreTags, String publishedAt) {

    /** How a {@code datetime-local} input shows an instant, in UTC. */
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm", Locale.ROOT);

    public ArticleForm {
        tags = tags == null ? List.of() : tags.stream().filter(tag -> tag != null && !tag.isBlank()).toList();
    }

    static ArticleForm blank() {
        return new ArticleForm("", "", "", "", "", List.of(), "", "");
    }

    /** An article as its edit form shows it. */
    static ArticleForm of(Article article) {
        return new ArticleForm(article.title(), orEmpty(article.summary()), orEmpty(article.body()),
                orEmpty(article.author()), article.url() == null ? "" : article.url().toString(),
                article.tags().stream().map(Tag::label).toList(), "",
                LOCAL.format(article.publishedAt().atOffset(ZoneOffset.UTC)));
    }

    /**
     * The form of an article being edited, its time left as the form showed it kept as the article's own: the input
     * shows minutes, and saving a story without touching its time set it back to the minute (QA, 7 December).
     */
    ArticleForm keepingTimeOf(Article article) {
        boolean asShown = publishedAt != null
                && publishedAt.strip().equals(LOCAL.format(article.publishedAt().atOffset(ZoneOffset.UTC)));
        return asShown ? new ArticleForm(title, summary, body, author, url, tags, moreTags, "") : this;
    }

    public boolean ticked(String label) {
        String key = TagKey.fold(label);
        return tags.stream().anyMatch(tag -> TagKey.fold(tag).equals(key));
    }

    /** The article the form describes, or the mistakes by field. */
    record Checked(NewArticle article, Map<String, String> errors) {

        boolean valid() {
            return errors.isEmpty();
        }
    }

    /**
     * Checks the form with the domain's own rules ({@link NewArticle} names the field at fault). The domain stops at
     * the first mistake; to show every one at once, a rejected field is stood in for by a harmless value and the
     * others are checked again.
     */
    Checked check() {
        Map<String, String> errors = new LinkedHashMap<>();
        Instant published = null;
        try {
            published = publicationTime();
        } catch (InvalidInput invalid) {
            errors.put(invalid.field(), invalid.getMessage());
        }
        String checkedTitle = title;
        String checkedSummary = summary;
        String checkedBody = body;
        String checkedAuthor = author;
        String checkedUrl = url;
        List<Tag> checkedTags = null;
        for (int round = 0; round < 8; round++) {
            try {
                if (checkedTags == null) {
                    checkedTags = tagsChosen();
                }
                NewArticle article = new NewArticle(checkedTitle, checkedSummary, checkedBody, checkedAuthor,
                        NewArticle.parseUrl(checkedUrl), published, checkedTags);
                return new Checked(errors.isEmpty() ? article : null, errors);
            } catch (InvalidInput invalid) {
                errors.putIfAbsent(invalid.field(), invalid.getMessage());
                switch (invalid.field()) {
                    case "title" -> checkedTitle = "title";
                    case "summary" -> checkedSummary = null;
                    case "body" -> checkedBody = null;
                    case "author" -> checkedAuthor = null;
                    case "url" -> checkedUrl = null;
                    case "tags" -> checkedTags = List.of(Tag.of("tag"));
                    default -> {
                        return new Checked(null, errors);
                    }
                }
            }
        }
        return new Checked(null, errors);
    }

    private List<Tag> tagsChosen() {
        List<Tag> chosen = new ArrayList<>();
        for (String label : tags) {
            chosen.add(Tag.of(label));
        }
        if (moreTags != null) {
            for (String typed : moreTags.split(",")) {
                if (!typed.isBlank()) {
                    chosen.add(Tag.of(typed));
                }
            }
        }
        return chosen;
    }

    private Instant publicationTime() {
        if (publishedAt == null || publishedAt.isBlank()) {
            return null;
        }
        try {
            return LocalDateTime.parse(publishedAt.strip()).atOffset(ZoneOffset.UTC).toInstant()
                    .truncatedTo(ChronoUnit.SECONDS);
        } catch (DateTimeParseException e) {
            throw new InvalidInput("publishedAt", "publishedAt must be a date and time in UTC, such as "
                    + "2025-11-27T11:44");
        }
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }
}
