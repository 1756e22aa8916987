package news.dispatch.scheduler.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every feed of the corpus gives exactly the stories its reader would expect: titles, links and dates. */
class FeedCorpusTest {

    @TestFactory
    Stream<DynamicTest> eachFeedGivesTheStoriesItsReaderExpects() {
        return FeedCorpus.FEEDS.stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            String expected = new String(FeedCorpus.bytes(name + ".expected"), StandardCharsets.UTF_8).strip();
            assertThat(FeedCorpus.read(name)).as(name).isEqualTo(expected);
        }));
    }
}
