package news.dispatch.mailer.letter;

/** A breaking-news alert: one story. */
public record AlertLetter(Story story, Footer footer) {
}
