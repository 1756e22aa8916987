package news.dispatch.core.subscriber;

/** A subscriber cannot move from their status to the one asked for (for example, reactivating a reader who left). */
public class TransitionNotAllowed extends RuntimeException {

    public TransitionNotAllowed(SubscriberStatus from, String action) {
        super("cannot " + action + " a subscriber who is " + from);
    }

    /** A refusal that needs more words than "cannot … a subscriber who is …". */
    public TransitionNotAllowed(String why) {
        super(why);
    }
}
