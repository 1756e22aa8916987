package news.dispatch.core.article;

import java.time.Instant;

import news.dispatch.core.InvalidInput;

/**
 * A correction to a published story, as readers meet it at the top of their next digest and on the story's page.
 * {@code retitle}: the titles, when a feed made it of its entry's new title, null for an editor's; {@code recipients}:
 * the readers it was owed to when it was made, those who had been sent the story.
 */
public record Correction(long id, long articleId, String text, Retitle retitle, String createdBy, Instant createdAt,
                         int recipients) {

    public static final int MAX_TEXT = 1_000;

    /** A correction's text as an editor or a feed gives it: 1 to {@value #MAX_TEXT} characters, stripped. */
    public static String text(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidInput("text", "text must not be blank: say what was wrong and what is right");
        }
        String stripped = text.strip();
        if (stripped.length() > MAX_TEXT) {
            throw new InvalidInput("text", "text must be at most " + MAX_TEXT + " characters");
        }
        return stripped;
    }

    /**
     * A story's title changed by its feed, kept apart from the correction's text (the staff's words) so that each
     * reader's email says it in their language.
     */
    public record Retitle(String from, String to) {
    }
}
