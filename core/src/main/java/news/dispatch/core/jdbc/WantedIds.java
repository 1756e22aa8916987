package news.dispatch.core.jdbc;

import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;

/**
 * Rows wanted by id, and whether to read them as a range of the key instead of an {@code IN} list. A delivery
 * worker's claim wants a few hundred readers and a few thousand stories whose ids are close together: read as a range,
 * the few others are dropped in Java. H2 checks an {@code IN} list of parameters against each row it reads, one
 * comparison per value (it hashes only lists of literals), so a list of 3,000 story ids cost nine million comparisons
 * a claim, a tenth of a delivery worker's CPU; the readers' tags, the largest part of what was left of the claim's
 * cost. Scattered ids go as a list of literals ({@link IdList}), which H2 hashes.
 */
public final class WantedIds {

    private final Set<Long> ids;
    private final long first;
    private final long last;

    /** @param ids at least one */
    public WantedIds(Collection<Long> ids) {
        this.ids = new HashSet<>(ids);
        this.first = Collections.min(ids);
        this.last = Collections.max(ids);
    }

    /** Whether the range holds at most twice the rows wanted. */
    public boolean dense() {
        return last - first + 1 <= 2L * ids.size();
    }

    public boolean contains(long id) {
        return ids.contains(id);
    }

    public long first() {
        return first;
    }

    public long last() {
        return last;
    }

    public Set<Long> ids() {
        return ids;
    }
}
