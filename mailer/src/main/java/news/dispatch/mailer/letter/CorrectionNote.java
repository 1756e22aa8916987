package news.dispatch.mailer.letter;

/** A correction as an email shows it: the story's title and link, and what was corrected. */
public record CorrectionNote(String title, String link, String text) {
}
