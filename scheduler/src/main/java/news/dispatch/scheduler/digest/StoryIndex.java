package news.dispatch.scheduler.digest;

import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The stories of one run's window, newest released first, and for each tag the positions of the stories that carry it.
 * Built once per run from one query and extended further back only when a reader's previous digest lies further
 * back; its size follows the number of new stories, never the number of readers.
 *
 * <p>A reader's digest is the union of their tags' lists, cut at their previous digest: set-based per reader in
 * memory, so each story counts once however many of the reader's tags it carries, and the count of the rest is
 * exact without the database expanding every (reader, tag, story) triple.
 */
final class StoryIndex {

    private static final int[] NONE = {};

    /** The most bytes of titles, summaries and tags one reader's digest lists; the rest are counted as more. */
    private final long maxBytes;
    private long[] ids = new long[256];
    /** Release instants in microseconds since the epoch, never increasing: when each story reached the digests. */
    private long[] released = new long[256];
    /** Publication instants in microseconds, by which a digest keeps its newest stories when it cannot hold all. */
    private long[] published = new long[256];
    /**
     * How far any story's publication lies after its release: none, unless an editor moved a story's time on after it
     * was released (a story is released at its publication, or when it arrives if that is later).
     */
    private long lead;
    /** Each story's title, summary and tags' pills in UTF-8 bytes: what a digest's size grows with. */
    private int[] bytes = new int[256];
    private int size;
    private final Map<String, Positions> byTag = new HashMap<>();
    /** Each story's position by id, built when a reader first needs stories left out, and again once it grew. */
    private Map<Long, Integer> positions;

    /** An index whose digests list any number of bytes of stories. */
    StoryIndex() {
        this(Long.MAX_VALUE);
    }

    StoryIndex(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * One row of the window query: a story and one of its tags, newest released story first, the UTF-8 bytes of its
     * title and summary, and those its tag's pill takes in the digest.
     */
    record Row(long articleId, long releasedMicros, long publishedMicros, String tagKey, int bytes, int tagBytes) {

        Row(long articleId, long releasedMicros, long publishedMicros, String tagKey) {
            this(articleId, releasedMicros, publishedMicros, tagKey, 0, 0);
        }
    }

    /** Adds stories older than every story already held, newest first, one row per story and tag. */
    void append(Collection<Row> rows) {
        long previous = size == 0 ? Long.MIN_VALUE : ids[size - 1];
        for (Row row : rows) {
            if (size == 0 || row.articleId() != previous) {
                if (size > 0 && row.releasedMicros() > released[size - 1]) {
                    throw new IllegalArgumentException("stories must come newest first");
                }
                grow();
                ids[size] = row.articleId();
                released[size] = row.releasedMicros();
                published[size] = row.publishedMicros();
                bytes[size] = row.bytes();
                lead = Math.max(lead, row.publishedMicros() - row.releasedMicros());
                size++;
                previous = row.articleId();
            }
            bytes[size - 1] += row.tagBytes();
            byTag.computeIfAbsent(row.tagKey(), tag -> new Positions()).add(size - 1);
        }
    }

    int size() {
        return size;
    }

    /**
     * The reader's digest: the stories released after {@code sinceMicros} that carry at least one of the tags,
     * each once, at most {@code max}, the most lately published when there are more; and how many more there were.
     *
     * @param scratch a bit set the caller reuses from reader to reader, so selecting allocates little
     */
    Selection select(Collection<String> tags, long sinceMicros, int max, BitSet scratch) {
        return select(tags, sinceMicros, max, scratch, List.of());
    }

    /**
     * The reader's digest as {@link #select(Collection, long, int, BitSet)} makes it, without the stories
     * {@code left out} (those the reader had as alerts), which count neither among its stories nor among the more.
     */
    Selection select(Collection<String> tags, long sinceMicros, int max, BitSet scratch, Collection<Long> leftOut) {
        return select(tags, sinceMicros, max, scratch, leftOut, List.of());
    }

    /**
     * The reader's digest as {@link #select(Collection, long, int, BitSet, Collection)} makes it, without the stories
     * that also carry one of the {@code otherTags} (those of a faster rhythm, whose email holds them).
     */
    Selection select(Collection<String> tags, long sinceMicros, int max, BitSet scratch, Collection<Long> leftOut,
                     Collection<String> otherTags) {
        return select(tags, sinceMicros, Long.MIN_VALUE, max, scratch, leftOut, otherTags);
    }

    /**
     * The reader's digest as {@link #select(Collection, long, int, BitSet, Collection, Collection)} makes it, of the
     * stories published after {@code publishedAfterMicros} only: a reader's first digest reaches back a day by
     * publication too, so a story dated back days that arrived within it stays out.
     */
    Selection select(Collection<String> tags, long sinceMicros, long publishedAfterMicros, int max, BitSet scratch,
                     Collection<Long> leftOut, Collection<String> otherTags) {
        int cutoff = newerThan(sinceMicros);
        scratch.clear();
        for (String tag : tags) {
            mark(tag, cutoff, scratch, true);
        }
        for (String tag : otherTags) {
            mark(tag, cutoff, scratch, false);
        }
        for (long id : leftOut) {
            Integer position = position(id);
            if (position != null) {
                scratch.clear(position);
            }
        }
        if (publishedAfterMicros != Long.MIN_VALUE) {
            for (int position = scratch.nextSetBit(0); position >= 0; position = scratch.nextSetBit(position + 1)) {
                if (published[position] <= publishedAfterMicros) {
                    scratch.clear(position);
                }
            }
        }
        int total = scratch.cardinality();
        if (total == 0) {
            return Selection.NOTHING;
        }
        int[] kept = withinBytes(newestPublished(scratch, Math.min(total, max)));
        long[] chosen = new long[kept.length];
        for (int i = 0; i < kept.length; i++) {
            chosen[i] = ids[kept[i]];
        }
        return new Selection(chosen, total - chosen.length);
    }

    /**
     * The positions of the {@code count} most lately published stories among those set, in the index's order. The
     * first set are those most lately released, which are the most lately published unless stories arrived after
     * their publication (a feed read late, a story dated back): 20 such stories pushed out of a digest the story of
     * the minute before them. The scan stops at the first story that, released no later than it was, cannot have been
     * published after the earliest kept so far: a few positions past {@code count} for most readers.
     */
    private int[] newestPublished(BitSet scratch, int count) {
        int[] kept = new int[count];
        int position = -1;
        for (int i = 0; i < count; i++) {
            position = scratch.nextSetBit(position + 1);
            kept[i] = position;
        }
        int earliest = earliest(kept);
        for (position = scratch.nextSetBit(position + 1); position >= 0; position = scratch.nextSetBit(position + 1)) {
            if (released[position] + lead <= published[kept[earliest]]) {
                break;
            }
            if (published[position] > published[kept[earliest]]) {
                kept[earliest] = position;
                earliest = earliest(kept);
            }
        }
        Arrays.sort(kept);
        return kept;
    }

    /**
     * The kept stories whose titles, summaries and tags fit {@link #maxBytes}, the earliest published left out first, the
     * newest always kept: 20 stories whose summaries are in a script of three bytes a character made a digest of 160
     * KB of HTML, which Gmail cuts short before the footer with the reader's links (a postmaster's QA, 7 December).
     */
    private int[] withinBytes(int[] kept) {
        long sum = 0;
        for (int position : kept) {
            sum += bytes[position];
        }
        if (sum <= maxBytes) {
            return kept;
        }
        int[] left = kept.clone();
        int count = left.length;
        while (sum > maxBytes && count > 1) {
            int earliest = earliest(Arrays.copyOf(left, count));
            sum -= bytes[left[earliest]];
            left[earliest] = left[--count];
        }
        int[] fitting = Arrays.copyOf(left, count);
        Arrays.sort(fitting);
        return fitting;
    }

    /** Where, among the kept positions, the earliest published story is; of two published at once, the later one. */
    private int earliest(int[] kept) {
        int earliest = 0;
        for (int i = 1; i < kept.length; i++) {
            long time = published[kept[i]];
            long least = published[kept[earliest]];
            if (time < least || time == least && kept[i] > kept[earliest]) {
                earliest = i;
            }
        }
        return earliest;
    }

    /** Sets or clears the positions of the tag's stories newer than the cutoff. */
    private void mark(String tag, int cutoff, BitSet scratch, boolean set) {
        Positions positions = byTag.get(tag);
        if (positions == null) {
            return;
        }
        for (int i = 0; i < positions.size; i++) {
            int position = positions.values[i];
            if (position >= cutoff) {
                break;
            }
            scratch.set(position, set);
        }
    }

    /** Where a story is in the index; {@code null} when it is not in it. */
    private Integer position(long articleId) {
        if (positions == null || positions.size() != size) {
            positions = new HashMap<>(size * 2);
            for (int i = 0; i < size; i++) {
                positions.put(ids[i], i);
            }
        }
        return positions.get(articleId);
    }

    /** How many stories were released after the instant: they are the first ones, as the list is newest first. */
    private int newerThan(long sinceMicros) {
        int low = 0;
        int high = size;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (released[middle] > sinceMicros) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    private void grow() {
        if (size == ids.length) {
            ids = Arrays.copyOf(ids, size * 2);
            released = Arrays.copyOf(released, size * 2);
            published = Arrays.copyOf(published, size * 2);
            bytes = Arrays.copyOf(bytes, size * 2);
        }
    }

    /** A reader's stories, newest released first, and the count of those that did not fit. */
    record Selection(long[] articleIds, int more) {

        static final Selection NOTHING = new Selection(new long[0], 0);

        boolean isEmpty() {
            return articleIds.length == 0;
        }

        boolean contains(long articleId) {
            for (long id : articleIds) {
                if (id == articleId) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Positions in ascending order, which is newest first. */
    private static final class Positions {

        private int[] values = NONE;
        private int size;

        void add(int position) {
            if (size == values.length) {
                values = Arrays.copyOf(values, Math.max(8, size * 2));
            }
            values[size++] = position;
        }
    }
}
