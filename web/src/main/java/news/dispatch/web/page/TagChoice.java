package news.dispatch.web.page;

/**
 * A tag to tick on a form (the editors' article form, a reader's choices, an admin editing them). Public because the
 * precompiled templates, in another package, read it.
 *
 * @param label    the tag as first written
 * @param articles     how many stories carried it lately (0 for a tag only the article or the reader has)
 * @param noStoriesYet no published story carries it at all: a reader's form flags it
 */
public record TagChoice(String label, long articles, boolean noStoriesYet) {

    /** A tag to tick, not flagged. */
    public TagChoice(String label, long articles) {
        this(label, articles, false);
    }
}
