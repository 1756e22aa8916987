package news.dispatch.scheduler.digest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.BitSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class StoryIndexTest {

    private final StoryIndex index = new StoryIndex();
    private final BitSet scratch = new BitSet();

    /** A story released as it was published. */
    private static StoryIndex.Row row(long id, long published, String tag) {
        return new StoryIndex.Row(id, published, published, tag);
    }

    private static StoryIndex.Row row(long id, long released, long published, String tag) {
        return new StoryIndex.Row(id, released, published, tag);
    }

    @Test
    void aStoryOnSeveralOfTheReadersTagsCountsOnce() {
        index.append(List.of(row(3, 300, "aviation"), row(3, 300, "airbus"), row(2, 200, "airbus"),
                row(1, 100, "ukraine")));

        StoryIndex.Selection selection = index.select(List.of("aviation", "airbus"), 0, 20, scratch);

        assertThat(selection.articleIds()).containsExactly(3, 2);
        assertThat(selection.more()).isZero();
    }

    @Test
    void storiesComeNewestFirstCappedWithTheRestCounted() {
        for (int id = 30; id >= 1; id--) {
            index.append(List.of(row(id, id * 10L, id % 2 == 0 ? "even" : "odd"), row(id, id * 10L, "all")));
        }

        StoryIndex.Selection selection = index.select(List.of("odd", "even"), 0, 5, scratch);

        assertThat(selection.articleIds()).containsExactly(30, 29, 28, 27, 26);
        assertThat(selection.more()).isEqualTo(25);
    }

    /**
     * Stories whose summaries take three bytes a character fill a digest's bytes before its count: the earliest
     * published go to the more, the newest always stays (a postmaster's QA of 7 December: 160 KB of HTML).
     */
    @Test
    void aDigestKeepsItsStoriesWithinItsBytesLeavingTheEarliestPublishedToTheMore() {
        StoryIndex fitted = new StoryIndex(10_000);
        for (int id = 8; id >= 1; id--) {
            fitted.append(List.of(new StoryIndex.Row(id, id * 10L, id == 7 ? 1_000 : id * 10L, "tokyo", 3_000, 0)));
        }

        StoryIndex.Selection selection = fitted.select(List.of("tokyo"), 0, 20, scratch);

        assertThat(selection.articleIds()).as("the three most lately published, in the index's order")
                .containsExactly(8, 7, 6);
        assertThat(selection.more()).isEqualTo(5);

        StoryIndex tagged = new StoryIndex(10_000);
        for (int id = 8; id >= 1; id--) {
            for (int tag = 0; tag < 20; tag++) {
                tagged.append(List.of(new StoryIndex.Row(id, id * 10L, id * 10L, "tag-" + tag, 100, 245)));
            }
        }
        assertThat(tagged.select(List.of("tag-0"), 0, 20, scratch).articleIds())
                .as("each story's twenty pills of 245 bytes count: two fit").containsExactly(8, 7);

        StoryIndex tiny = new StoryIndex(100);
        tiny.append(List.of(new StoryIndex.Row(2, 20, 20, "tokyo", 9_000, 0), new StoryIndex.Row(1, 10, 10, "tokyo", 10, 0)));
        assertThat(tiny.select(List.of("tokyo"), 0, 20, scratch).articleIds()).as("the newest, however long")
                .containsExactly(2);
    }

    @Test
    void aDigestThatCannotHoldAllKeepsTheMostLatelyPublishedNotTheMostLatelyArrived() {
        // Twenty stories dated back hours arrive after the story of the minute before: the latter stays.
        for (int id = 21; id >= 2; id--) {
            index.append(List.of(row(id, 1_000 + id, 900 - id * 10L, "aviation")));
        }
        index.append(List.of(row(1, 1_000, 1_000, "aviation")));

        StoryIndex.Selection selection = index.select(List.of("aviation"), 0, 20, scratch);

        assertThat(selection.articleIds()).containsExactly(20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5,
                4, 3, 2, 1);
        assertThat(selection.more()).as("the story published first of all").isEqualTo(1);
    }

    @Test
    void aStoryWhosePublicationWasMovedOnAfterItsReleaseCountsByItsPublication() {
        index.append(List.of(row(5, 500, "a"), row(4, 400, "a"), row(3, 300, "a"), row(2, 200, "a"),
                row(1, 100, 9_000, "a")));

        StoryIndex.Selection selection = index.select(List.of("a"), 0, 2, scratch);

        assertThat(selection.articleIds()).containsExactly(5, 1);
        assertThat(selection.more()).isEqualTo(3);
    }

    @Test
    void onlyStoriesPublishedAfterTheReadersPreviousDigestCount() {
        index.append(List.of(row(4, 400, "a"), row(3, 300, "a"), row(2, 200, "a"), row(1, 100, "a")));

        assertThat(index.select(Set.of("a"), 200, 20, scratch).articleIds()).containsExactly(4, 3);
        assertThat(index.select(Set.of("a"), 400, 20, scratch).isEmpty()).isTrue();
        assertThat(index.select(Set.of("a"), 99, 20, scratch).articleIds()).containsExactly(4, 3, 2, 1);
    }

    @Test
    void storiesOnATagOfAFasterRhythmStayOutOfTheSlowerOnesDigest() {
        index.append(List.of(row(3, 30, "weekly"), row(3, 30, "fast"), row(2, 20, "weekly"), row(1, 10, "fast")));

        StoryIndex.Selection selection = index.select(Set.of("weekly"), 0, 20, scratch, List.of(), Set.of("fast"));

        assertThat(selection.articleIds()).containsExactly(2);
        assertThat(selection.more()).isZero();
    }

    @Test
    void storiesLeftOutCountNeitherAmongTheDigestNorAmongTheMore() {
        for (int id = 10; id >= 1; id--) {
            index.append(List.of(row(id, id * 10L, "a")));
        }

        StoryIndex.Selection selection = index.select(Set.of("a"), 0, 3, scratch, List.of(10L, 8L, 2L, 99L));

        assertThat(selection.articleIds()).containsExactly(9, 7, 6);
        assertThat(selection.more()).isEqualTo(4);
        assertThat(index.select(Set.of("a"), 85, 3, scratch, List.of(10L, 9L)).isEmpty()).isTrue();
    }

    @Test
    void aReaderWhoseTagsHaveNoNewStoriesGetsNothing() {
        index.append(List.of(row(1, 100, "a")));

        assertThat(index.select(Set.of("b", "c"), 0, 20, scratch)).isSameAs(StoryIndex.Selection.NOTHING);
        assertThat(index.select(Set.of(), 0, 20, scratch).isEmpty()).isTrue();
    }

    @Test
    void olderStoriesAreAppendedBehindTheNewerOnes() {
        index.append(List.of(row(9, 900, "a"), row(8, 800, "b")));
        index.append(List.of(row(5, 500, "a"), row(4, 500, "b"), row(1, 100, "a")));

        assertThat(index.size()).isEqualTo(5);
        assertThat(index.select(Set.of("a", "b"), 0, 20, scratch).articleIds()).containsExactly(9, 8, 5, 4, 1);
        assertThat(index.select(Set.of("a"), 499, 20, scratch).articleIds()).containsExactly(9, 5);
        assertThatThrownBy(() -> index.append(List.of(row(12, 1200, "a"))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
