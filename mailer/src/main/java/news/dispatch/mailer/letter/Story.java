package news.dispatch.mailer.letter;

import java.util.List;

/**
 * An article as an email shows it: time in the reader's zone. {@code because} names the earlier story the reader
 * read, when that is why a follow-up reaches them ({@code null} otherwise); {@code followUrl} is the reader's
 * one-click way to ask for its follow-ups. {@code passages} are its headline, summary and tags as every reader in the
 * language gets them, written once for them all. {@code corrections} are those made to it before it was sent, in the
 * reader's words: none, for almost every story.
 */
public record Story(String title, String link, String time, String author, String because, String followUrl,
                    Passages passages, List<String> corrections) {
}
