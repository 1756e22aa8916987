package news.dispatch.web.page;

/**
 * A tag to tick on a form (the editors' article form, a reader's choices, an admin editing them). Public because the
 * precompiled templates, in another package, read it.
 *
 * @param label    the tag as first written
 * @param articles how many stories carried it lately (0 for a tag only the article or the reader has)
 */
public record TagChoice(String label, long articles) {
}
