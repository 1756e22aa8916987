package news.dispatch.mailer.letter;

import java.util.List;

/**
 * A short message to a reader about their subscription (welcome, "here is your preferences link" …), with what they
 * follow: one line per rhythm, as their tags may each have their own.
 */
public record NoticeLetter(String heading, String message, List<Followed> follows, Footer footer) {

    /** The reader's tags that come at one rhythm, the rhythm in words ("daily"). */
    public record Followed(String often, List<String> tags) {
    }
}
