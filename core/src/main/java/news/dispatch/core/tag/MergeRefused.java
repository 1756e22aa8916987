package news.dispatch.core.tag;

/** A merge that cannot be done as asked: a tag into itself, or a tag that is already an alias. */
public class MergeRefused extends RuntimeException {

    public MergeRefused(String message) {
        super(message);
    }
}
