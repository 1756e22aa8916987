package news.dispatch.core.tag;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/** Every tag Dispatch has seen, each with the form it was first written in. */
public interface Tags {

    /**
     * Records the tags that are new and answers all of them in their first-written form, in the order given,
     * without repeats.
     */
    List<Tag> register(Collection<Tag> tags);

    /** Tags on articles published since the instant, most used first, with how many articles carried each. */
    List<TagUse> inUseSince(Instant since, int limit);

    /** How often a tag appeared on articles in a period. */
    record TagUse(Tag tag, long articles) {
    }
}
