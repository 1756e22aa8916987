package news.dispatch.web.page;

import java.util.Optional;

import news.dispatch.mailer.outbox.DeliveryPause;

/**
 * The pause of all sending as the staff pages' scripts read it, so that a pause or a resume made on another page or
 * node shows on a page that stays open: since when (as the pages write it) and by whom.
 */
public record PauseNotice(String since, String by) {

    /** Null while mail goes out. */
    public static PauseNotice of(Optional<DeliveryPause.Paused> paused) {
        return paused.map(state -> new PauseNotice(Format.compact(state.since()), state.by())).orElse(null);
    }
}
