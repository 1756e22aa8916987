package news.dispatch.core.paging;

import news.dispatch.core.InvalidInput;

/** Which slice of a list to answer: page {@code page} (from 0) of {@code size} items, at most 200. */
public record PageRequest(int page, int size) {

    public static final int MAX_SIZE = 200;
    public static final int DEFAULT_SIZE = 20;

    public PageRequest {
        if (page < 0) {
            throw new InvalidInput("page", "page must be 0 or more");
        }
        if (size < 1 || size > MAX_SIZE) {
            throw new InvalidInput("size", "size must be between 1 and " + MAX_SIZE);
        }
    }

    public long offset() {
        return (long) page * size;
    }
}
