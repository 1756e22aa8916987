package news.dispatch.mailer.letter;

import java.util.List;

/**
 * An article as an email shows it: time in the reader's zone, tags as first written. {@code because} names the
 * earlier story the reader read, when that is why a follow-up reaches them ({@code null} otherwise);
 * {@code followUrl} is the reader's one-click way to ask for its follow-ups. {@code passages} are the lines every
 * reader in the language gets alike, written once for them all.
 */
public record Story(String title, String link, String time, String summary, List<String> tags, String author,
                    String because, String followUrl, Passages passages) {
}
