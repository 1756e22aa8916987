package news.dispatch.web.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import news.dispatch.core.article.Articles;
import news.dispatch.core.article.NewArticle;
import news.dispatch.core.subscriber.Subscribers;
import news.dispatch.core.tag.Tag;
import news.dispatch.core.testing.ResetsDatabase;
import news.dispatch.web.AppSettings;
import news.dispatch.web.WholeApp;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A first run with feeds: their first poll may store stories before the demo's turn comes, and the demo is loaded
 * all the same, as the database was empty when the app started.
 */
@WholeApp
@TestPropertySource(properties = "test.context-name=demo-content")
@ResetsDatabase({"delivery", "subscriber", "article"})
class DemoContentIT {

    @Autowired
    Articles articles;

    @Autowired
    Subscribers subscribers;

    @Autowired
    TransactionTemplate transaction;

    @Test
    void twoNodesStartedAtOnceOnANewDatabaseLoadTheDemoOnceAndBothStart() {
        DemoContent first = new DemoContent(new AppSettings(Path.of("unused"), true), articles, subscribers,
                transaction, Clock.systemUTC());
        DemoContent second = new DemoContent(new AppSettings(Path.of("unused"), true), articles, subscribers,
                transaction, Clock.systemUTC());
        first.afterSingletonsInstantiated();
        second.afterSingletonsInstantiated();

        first.run(null);
        long stories = articles.count();
        second.run(null);

        assertThat(articles.count()).as("the second node's load rolled back whole").isEqualTo(stories);
        assertThat(subscribers.countByStatus().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(8);
    }

    @Test
    void aFeedsStoryStoredBeforeTheDemosTurnDoesNotKeepTheDemoOut() {
        DemoContent demo = new DemoContent(new AppSettings(Path.of("unused"), true), articles, subscribers,
                transaction, Clock.systemUTC());
        demo.afterSingletonsInstantiated();
        articles.publishFromFeed(new NewArticle("Bridge reopens", "Traffic flows again", null, null,
                URI.create("https://wire.example/bridge"), Instant.now(), List.of(Tag.of("Wire"))));

        demo.run(null);

        assertThat(articles.count()).as("the feed's story and the demo's").isGreaterThan(10);
        assertThat(subscribers.countByStatus().values().stream().mapToLong(Long::longValue).sum()).isPositive();
    }
}
