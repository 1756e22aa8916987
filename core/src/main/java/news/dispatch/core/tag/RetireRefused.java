package news.dispatch.core.tag;

/** A tag that cannot be retired: an alias (its tag is the one to retire), or one retired already. */
public class RetireRefused extends RuntimeException {

    public RetireRefused(String message) {
        super(message);
    }
}
