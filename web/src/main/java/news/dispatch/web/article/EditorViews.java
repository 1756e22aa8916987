package news.dispatch.web.article;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import news.dispatch.core.article.Article;
import news.dispatch.core.article.Correction;
import news.dispatch.core.paging.Page;
import news.dispatch.mailer.alert.Alert;
import news.dispatch.web.page.TagChoice;

/**
 * What the editors' article pages show, one record per page, public because the precompiled templates (in another
 * package) read them. Times show in UTC, as the API gives them ({@code page.Format}).
 */
public final class EditorViews {

    private EditorViews() {
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /**
     * The create and edit form.
     *
     * @param articleId the article being edited; {@code null} for a new one
     * @param problem   a message above the form, or {@code null}
     */
    public record Form(ArticleForm form, Map<String, String> errors, List<TagChoice> suggestions, Long articleId,
                       String problem) {

        public Form {
            errors = Map.copyOf(errors);
            suggestions = List.copyOf(suggestions);
        }

        public String error(String field) {
            return errors.get(field);
        }

        public boolean invalid(String field) {
            return errors.containsKey(field);
        }

        public boolean editing() {
            return articleId != null;
        }

        public String action() {
            return editing() ? "/editor/articles/" + articleId : "/editor/articles";
        }
    }

    /** The list of articles, searched by title and filtered by tag. */
    public record ArticleList(Page<Row> articles, String q, String tag, List<TagChoice> tags) {

        public ArticleList {
            tags = List.copyOf(tags);
        }

        /** One article and its alert, when it was sent. */
        public record Row(Article article, Alert alert) {
        }

        public boolean filtered() {
            return !q.isBlank() || !tag.isBlank();
        }

        public long pages() {
            return Math.max(1, (articles.total() + articles.size() - 1) / articles.size());
        }

        public boolean hasPrevious() {
            return articles.page() > 0;
        }

        public boolean hasNext() {
            return (long) (articles.page() + 1) * articles.size() < articles.total();
        }

        public String previous() {
            return link(articles.page() - 1);
        }

        public String next() {
            return link(articles.page() + 1);
        }

        private String link(int page) {
            StringBuilder link = new StringBuilder("/editor/articles?page=").append(page);
            if (!q.isBlank()) {
                link.append("&q=").append(encode(q));
            }
            if (!tag.isBlank()) {
                link.append("&tag=").append(encode(tag));
            }
            return link.toString();
        }
    }

    /**
     * One article as editors see it, with its alert once sent.
     *
     * @param notice    what just happened ({@code published}, {@code saved}, {@code sent}, {@code already},
     *                  {@code embargoed}), or {@code null}
     * @param embargoed whether its publication time is still ahead: readers cannot see it, nor be alerted to it
     */
    public record ArticleDetail(Article article, String link, Alert alert, String notice, boolean embargoed,
                                Corrected corrected) {
    }

    /**
     * A story's corrections, oldest first, and the form for the next: {@code reach} is how many readers it would get
     * now (those who were sent the story); {@code text} and {@code error} what a refused one said and why;
     * {@code sentTo} how many the one just sent went to, after its redirect.
     */
    public record Corrected(List<Correction> corrections, int reach, String text, String error, Integer sentTo) {
    }
}
