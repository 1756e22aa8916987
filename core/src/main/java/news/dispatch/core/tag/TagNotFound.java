package news.dispatch.core.tag;

/** No tag has this key, nor is it an alias of one. */
public class TagNotFound extends RuntimeException {

    private final TagKey key;

    public TagNotFound(TagKey key) {
        super("There is no tag #" + key.value() + ".");
        this.key = key;
    }

    public TagKey key() {
        return key;
    }
}
