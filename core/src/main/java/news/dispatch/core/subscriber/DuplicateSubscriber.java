package news.dispatch.core.subscriber;

/** A reader with this address is already known. */
public class DuplicateSubscriber extends RuntimeException {

    public DuplicateSubscriber(EmailAddress email) {
        super("a subscriber with this address already exists: " + email);
    }
}
