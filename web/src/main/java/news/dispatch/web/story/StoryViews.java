package news.dispatch.web.story;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import news.dispatch.core.article.Article;
import news.dispatch.core.paging.Page;

/** What the public story pages show; public because the precompiled templates, in another package, read it. */
public final class StoryViews {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm 'UTC'",
            Locale.ENGLISH);

    private StoryViews() {
    }

    /** As people read it: {@code 27 November 2025, 11:44 UTC}. */
    public static String time(Instant instant) {
        return TIME.format(instant.atOffset(ZoneOffset.UTC));
    }

    /** For a {@code <time datetime>}: the ISO-8601 instant. */
    public static String machineTime(Instant instant) {
        return instant.toString();
    }

    /**
     * Recent stories, newest first.
     *
     * @param tag the tag they carry, as it was asked for without its {@code #} ({@code ""}: all)
     */
    public record Listing(Page<Article> stories, String tag) {

        public boolean hasNewer() {
            return stories.page() > 0;
        }

        public boolean hasOlder() {
            return (long) (stories.page() + 1) * stories.size() < stories.total();
        }

        public String newer() {
            return link(stories.page() - 1);
        }

        public String older() {
            return link(stories.page() + 1);
        }

        private String link(int page) {
            return "/articles?" + (tag.isBlank() ? "" : "tag=" + URLEncoder.encode(tag, StandardCharsets.UTF_8)
                    + "&") + "page=" + page;
        }
    }
}
