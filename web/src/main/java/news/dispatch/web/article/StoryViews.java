package news.dispatch.web.article;

import news.dispatch.core.article.Article;
import news.dispatch.core.paging.Page;
import news.dispatch.core.tag.TagKey;

/**
 * What the public story pages show; public because the precompiled templates, in another package, read it. Times
 * as readers read them: {@code page.Format}.
 */
public final class StoryViews {

    private StoryViews() {
    }

    /**
     * Recent stories, newest first.
     *
     * @param tag  the tag they carry, as the newsroom writes it, without its {@code #} ({@code ""}: all)
     * @param lang the page's language, which its links to other pages keep
     */
    public record Listing(Page<Article> stories, String tag, String lang) {

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

        /** The Atom feed of these stories: the tag's, or every story's. */
        public String feed() {
            return tag.isBlank() ? "/feed.atom"
                    : "/tags/" + TagKey.of(tag).inUrl() + "/feed.atom";
        }

        private String link(int page) {
            return "/articles?" + (tag.isBlank() ? ""
                    : "tag=" + TagKey.of(tag).inUrl() + "&")
                    + "page=" + page + "&lang=" + lang;
        }
    }
}
