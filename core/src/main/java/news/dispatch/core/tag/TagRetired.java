package news.dispatch.core.tag;

import java.util.stream.Collectors;

import news.dispatch.core.InvalidInput;

/**
 * A reader asked to follow a tag that is no longer published: refused on {@code tags}, naming the tags its followers
 * were offered instead.
 */
public class TagRetired extends InvalidInput {

    private final transient Tags.Retirement retirement;

    public TagRetired(Tags.Retirement retirement) {
        super("tags", "#" + retirement.tag().label() + " is no longer published" + (retirement.offer().isEmpty() ? "."
                : "; you may follow " + retirement.offer().stream().map(tag -> "#" + tag.label())
                        .collect(Collectors.joining(", ")) + " instead."));
        this.retirement = retirement;
    }

    public Tags.Retirement retirement() {
        return retirement;
    }
}
