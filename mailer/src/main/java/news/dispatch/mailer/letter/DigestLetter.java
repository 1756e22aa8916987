package news.dispatch.mailer.letter;

import java.util.List;

/** What a digest shows: the tags it covers, its stories newest first, and how many more did not fit. */
public record DigestLetter(String heading, List<String> tags, List<Story> stories, int more, String moreUrl,
                           Footer footer) {
}
