package news.dispatch.mailer.letter;

import java.util.List;

/**
 * A tag the reader followed that is no longer published, as a digest tells it: its label, and the tags offered
 * instead, each with the link that follows it in one click.
 */
public record RetiredNote(String tag, List<Offer> offer) {

    public RetiredNote {
        offer = List.copyOf(offer);
    }

    /** A tag offered instead, and the reader's link that follows it. */
    public record Offer(String tag, String followUrl) {
    }
}
