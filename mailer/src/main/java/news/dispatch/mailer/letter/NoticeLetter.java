package news.dispatch.mailer.letter;

import java.util.List;

/** A short message to a reader about their subscription (welcome, "here is your preferences link" …). */
public record NoticeLetter(String heading, String message, List<String> tags, String frequency, Footer footer) {
}
