package news.dispatch.mailer.letter;

/**
 * A story's passages as its readers in one language get them: headline, then summary and tags, in each part; and the
 * link they all give it.
 */
public record Passages(String link, Passage htmlHeadline, Passage htmlSummary, Passage textHeadline,
                       Passage textSummary) {
}
