package news.dispatch.mailer.letter;

import java.util.List;

/** An article as an email shows it: time in the reader's zone, tags as first written. */
public record Story(String title, String link, String time, String summary, List<String> tags, String author) {
}
