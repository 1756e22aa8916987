package news.dispatch.scheduler.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import news.dispatch.core.article.Article;
import news.dispatch.core.article.Articles;
import news.dispatch.core.article.NewArticle;
import news.dispatch.core.link.LinkTokens;
import news.dispatch.core.paging.PageRequest;
import news.dispatch.core.tag.Tag;
import news.dispatch.core.tag.TagKey;
import news.dispatch.core.tag.Tags;
import news.dispatch.core.testing.ResetsDatabase;
import news.dispatch.mailer.story.StoryDesk;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.util.unit.DataSize;

/**
 * Feeds served by a local HTTP server: good ones, unchanged ones, broken, slow and huge ones; a station whose shows
 * share one page, an agency that gives one of them again, and a changing feed that several nodes poll at once.
 */
@SpringBootTest(classes = FeedPollerIT.App.class, properties = {
        "spring.datasource.url=jdbc:h2:mem:feeds;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "spring.quartz.auto-startup=false",
        "dispatch.feeds.timeout=1s",
        "dispatch.feeds.max-size=20KB",
        "dispatch.feeds.allowed-hosts=127.0.0.1"})
@ResetsDatabase({"feed", "article"})
class FeedPollerIT {

    @SpringBootApplication(scanBasePackages = {"news.dispatch.core", "news.dispatch.scheduler.feed"})
    static class App {
    }

    static HttpServer server;
    static final AtomicInteger changingAnswers = new AtomicInteger();
    static volatile CountDownLatch pollsAsking = new CountDownLatch(0);
    static volatile CountDownLatch racing = new CountDownLatch(0);
    /** A station whose shows all link to its schedule page: day one, and day two with two shows more. */
    static final String DAY_ONE = rss("""
            <item><title>Morning show: transport strike</title><link>https://station.example/schedule</link>
            <pubDate>Mon, 01 Dec 2025 07:00:00 +0100</pubDate></item>
            <item><title>Noon news: budget vote</title><link>https://station.example/schedule</link>
            <pubDate>Mon, 01 Dec 2025 12:00:00 +0100</pubDate></item>
            <item><title>Evening show: football</title><link>https://station.example/schedule</link>
            <pubDate>Mon, 01 Dec 2025 18:00:00 +0100</pubDate></item>""");
    static final String DAY_TWO = DAY_ONE.replace("</channel>", """
            <item><title>Morning show: weather</title><link>https://station.example/schedule</link>
            <pubDate>Tue, 02 Dec 2025 07:00:00 +0100</pubDate></item>
            <item><title>Noon news: budget vote</title><link>https://station.example/schedule</link>
            <pubDate>Tue, 02 Dec 2025 12:00:00 +0100</pubDate></item></channel>""");
    static volatile String station = DAY_ONE;
    /** A wire whose one entry keeps its guid and changes its title. */
    static volatile String wire = "";
    static final Map<String, String> conditionalHeaders = new ConcurrentHashMap<>();

    @BeforeAll
    static void serveFeeds() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/rss", exchange -> {
            String etag = exchange.getRequestHeaders().getFirst("If-None-Match");
            if (etag != null) {
                conditionalHeaders.put("If-None-Match", etag);
            }
            if ("\"v1\"".equals(etag)) {
                exchange.sendResponseHeaders(304, -1);
                exchange.close();
                return;
            }
            exchange.getResponseHeaders().add("ETag", "\"v1\"");
            send(exchange, FeedReaderTest.RSS);
        });
        server.createContext("/atom", exchange -> send(exchange, FeedReaderTest.ATOM));
        server.createContext("/broken", exchange -> send(exchange, "<rss><channel><item>"));
        server.createContext("/missing", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.createContext("/huge", exchange -> send(exchange, "<rss>" + "x".repeat(100_000) + "</rss>"));
        server.createContext("/slow", exchange -> {
            try {
                Thread.sleep(1_500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            send(exchange, FeedReaderTest.ATOM);
        });
        server.createContext("/changing", exchange -> {
            // Each answer holds one story more than the last, and waits until all three polls have asked (or a second
            // has passed): polls that did not take turns would overlap here.
            int answer = changingAnswers.incrementAndGet();
            pollsAsking.countDown();
            try {
                pollsAsking.await(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            send(exchange, rss(IntStream.rangeClosed(1, answer + 2).mapToObj(i -> "<item><title>Changing " + i
                    + "</title><guid>urn:changing:" + i + "</guid><category>Changing</category></item>")
                    .collect(Collectors.joining())));
        });
        server.createContext("/station", exchange -> send(exchange, station));
        server.createContext("/wire", exchange -> send(exchange, wire));
        server.createContext("/wire-again", exchange -> send(exchange, wire));
        for (String side : List.of("a", "b")) {
            // Both feeds answer once both have asked (or a second has passed), so that their stories are stored at once.
            server.createContext("/race-" + side, exchange -> {
                racing.countDown();
                try {
                    racing.await(1, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                send(exchange, rss(IntStream.rangeClosed(1, 30).mapToObj(i -> "<item><title>Race " + i
                        + "</title><link>https://race.example/" + i + "</link><guid>urn:" + side + ":" + i
                        + "</guid></item>").collect(Collectors.joining())));
            });
        }
        server.createContext("/agency", exchange -> send(exchange, rss("""
                <item><title>Noon news: budget vote</title><link>https://station.example/schedule</link>
                <pubDate>Mon, 01 Dec 2025 12:00:00 +0100</pubDate><category>Wire</category></item>""")));
        server.createContext("/mixed", exchange -> send(exchange, rss("""
                <item><title>Tagged story</title><link>https://mixed.example/1</link><category>Mixed</category>
                <pubDate>Mon, 01 Dec 2025 12:00:00 GMT</pubDate></item>
                <item><title>Tagged story</title><link>https://mixed.example/1</link><category>Mixed</category>
                <pubDate>Mon, 01 Dec 2025 12:00:00 GMT</pubDate></item>
                <item><title>No tag at all</title><link>https://mixed.example/2</link></item>
                <item><pubDate>Mon, 01 Dec 2025 12:00:00 GMT</pubDate></item>
                <item><title>Undated #Mixed story</title><guid isPermaLink="false">urn:undated</guid></item>
                <item><title>Badly dated #Mixed story</title><pubDate>last Tuesday</pubDate></item>""")));
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    @DynamicPropertySource
    static void feeds(DynamicPropertyRegistry registry) {
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        String[] paths = {"/slow", "/broken", "/rss", "/missing", "/huge", "/atom"};
        for (int i = 0; i < paths.length; i++) {
            int index = i;
            registry.add("dispatch.feeds.sources[" + i + "].url", () -> base + paths[index]);
        }
        registry.add("dispatch.feeds.sources[2].tags", () -> "World,#Desk");
        registry.add("dispatch.feeds.sources[5].tags", () -> "World");
    }

    @Autowired
    Feeds feeds;

    @Autowired
    Articles articles;

    @Autowired
    Tags tags;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ObjectProvider<MeterRegistry> meters;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    Clock clock;

    @Autowired
    ObjectProvider<StoryDesk> corrections;

    @BeforeEach
    void noConditionalHeadersYet() {
        conditionalHeaders.clear();
    }

    @Test
    void entriesBecomeArticlesOnceWithTheirTagsAndBadFeedsAreRecordedWithoutStoppingTheOthers() {
        List<FeedStatus> statuses = feeds.pollAll();

        List<Article> published = articles.list(Optional.empty(), new PageRequest(0, 50)).items();
        assertThat(published).extracting(Article::title).containsExactlyInAnyOrder(
                "Airbus orders A320 software fix #Airbus", "Kyiv power station hit", "Grain corridor talks resume");
        Article a320 = published.stream().filter(a -> a.title().startsWith("Airbus")).findFirst().orElseThrow();
        assertThat(a320.tags()).extracting(Tag::label)
                .containsExactly("World", "Desk", "Aviation", "Airbus", "SolarFlare");
        assertThat(a320.url()).hasToString("https://news.example/a320");
        assertThat(a320.summary()).isEqualTo("Airlines rush to patch 6,000 jets. #SolarFlare");

        assertThat(statuses.get(1).lastError()).startsWith("not a readable RSS or Atom feed: ");
        assertThat(statuses).extracting(status -> status.url().getPath() + " " + status.lastError() + " "
                + status.articles()).containsExactly(
                "/slow no complete answer within 1 s 0",
                "/broken " + statuses.get(1).lastError() + " 0",
                "/rss null 2",
                "/missing the server answered HTTP 404 0",
                "/huge larger than the limit of 20480 bytes 0",
                "/atom null 1");
        assertThat(statuses).allSatisfy(status -> assertThat(status.lastPolledAt()).isNotNull());
    }

    @Test
    void aFeedsTagThatWasMergedGivesItsStoriesTheTagItWasMergedInto() throws Exception {
        String own = "f" + UUID.randomUUID().toString().substring(0, 6);
        tags.register(List.of(Tag.of(own + "Wire"), Tag.of(own + "Agency-Wire")));
        tags.merge(TagKey.of(own + "Wire"), TagKey.of(own + "Agency-Wire"));
        FeedPoller node = node(source("/atom", "#" + own + "Wire"));
        try {
            node.poll(source("/atom", "#" + own + "Wire"));
        } finally {
            node.close();
        }

        assertThat(titles(own + "Agency-Wire")).isNotEmpty();
        assertThat(articles.list(Optional.of(TagKey.of(own + "Agency-Wire")), new PageRequest(0, 1)).items().get(0)
                .tags()).extracting(Tag::key).contains(TagKey.of(own + "Agency-Wire"))
                .doesNotContain(TagKey.of(own + "Wire"));
    }

    @Test
    void aFeedWhoseOnlyTagIsRetiredSkipsItsEntriesSayingWhy() throws IOException {
        String own = "r" + UUID.randomUUID().toString().substring(0, 6);
        tags.register(List.of(Tag.of(own + "Wire")));
        tags.retire(TagKey.of(own + "Wire"), List.of());
        wire = rss("<item><title>Wire story " + own + "</title><guid>urn:wire:" + own + "</guid></item>");
        long before = articles.count();
        try (FeedPoller node = node(source("/wire", "#" + own + "Wire"))) {
            FeedStatus.LastRead poll = node.pollAll().get(0).lastPoll();

            assertThat(poll.failed()).as(String.valueOf(poll.failure())).isZero();
            assertThat(poll.skipped()).containsExactly(Map.entry("an entry that is no valid story: #%sWire is no "
                    .formatted(own) + "longer published; tag the story with a tag in use", 1));
        }
        assertThat(articles.count()).as("no story on no tag").isEqualTo(before);
    }

    @Test
    void anUnchangedFeedIsAskedConditionallyAndGivesNothingTwice() {
        FeedStatus read = feeds.pollAll().get(2);
        long after = articles.count();

        List<FeedStatus> again = feeds.pollAll();

        assertThat(conditionalHeaders).containsEntry("If-None-Match", "\"v1\"");
        assertThat(articles.count()).isEqualTo(after);
        assertThat(again.get(2).lastError()).isNull();
        assertThat(again.get(2).lastPolledAt()).isAfter(read.lastPolledAt());
        assertThat(again.get(2).lastPoll()).as("what the poll that read it did, and when").isEqualTo(read.lastPoll());
        assertThat(read.lastPoll().readAt()).isEqualTo(read.lastPolledAt());
        assertThat(again.get(5).articles()).as("the Atom feed has no ETag; its entry is known").isEqualTo(1);
    }

    @Test
    void threeConcurrentPollsOfAChangingFeedAddEachStoryOnce() throws Exception {
        FeedSettings.Source changing = source("/changing");
        List<FeedPoller> nodes = List.of(node(changing), node(changing), node(changing));
        changingAnswers.set(0);
        pollsAsking = new CountDownLatch(3);
        ExecutorService polls = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> running = nodes.stream().<Future<?>>map(node -> polls.submit(() -> node.poll(changing)))
                    .toList();
            for (Future<?> poll : running) {
                poll.get(20, TimeUnit.SECONDS);
            }
            pollsAsking = new CountDownLatch(0);
            nodes.get(1).poll(changing);
        } finally {
            polls.shutdownNow();
            for (FeedPoller node : nodes) {
                node.close();
            }
        }

        List<String> titles = titles("changing");
        assertThat(titles).doesNotHaveDuplicates().hasSize(changingAnswers.get() + 2);
        try (FeedPoller observer = node(changing)) {
            FeedStatus status = observer.statuses().get(0);
            assertThat(status.lastError()).isNull();
            assertThat(status.articles()).isEqualTo(titles.size());
        }
    }

    @Test
    void aPollLeavesAFeedAnotherPollHoldsAndItsErrorAsItIs() throws IOException {
        FeedSettings.Source changing = source("/changing");
        jdbc.sql("""
                        insert into feed (url, last_error, polled_by, polling_until)
                        values (?, 'the other poll failed', 'another node', ?)
                        """)
                .params(changing.url().toString(), OffsetDateTime.now(clock).plusMinutes(5))
                .update();
        try (FeedPoller node = node(changing)) {
            node.poll(changing);

            assertThat(node.statuses().get(0).lastError()).isEqualTo("the other poll failed");
        }
        assertThat(titles("changing")).isEmpty();
    }

    @Test
    void anEntryThatChangesItsTitleUnderItsGuidRetitlesItsStoryAndMakesNoSecond() throws IOException {
        FeedSettings.Source wireFeed = source("/wire", "Retitled");
        try (FeedPoller node = node(wireFeed)) {
            wire = rss("<item><title>Minister resigns</title><guid>urn:wire:1</guid></item>");
            node.poll(wireFeed);
            wire = rss("<item><title>Minister offers to resign</title><guid>urn:wire:1</guid></item>");
            node.poll(wireFeed);
            node.poll(wireFeed);

            assertThat(titles("retitled")).containsExactly("Minister offers to resign");
            assertThat(node.statuses().get(0).lastPoll().taken()).isZero();
        }
    }

    /**
     * A wire that says more as a story develops: its summary follows, quietly, under the same guid; one an editor
     * rewrote stays theirs. (A new summary under the same guid was ignored until 7 December.)
     */
    @Test
    void anEntryWhoseSummaryChangesUnderItsGuidUpdatesItsStoryUnlessAnEditorRewroteIt() throws IOException {
        FeedSettings.Source wireFeed = source("/wire", "Resummarised");
        String items = "<item><title>Storm nears the coast</title><description>%s</description><guid>urn:wire:storm"
                + "</guid></item><item><title>Bridge closes</title><description>%s</description>"
                + "<guid>urn:wire:bridge</guid></item>";
        try (FeedPoller node = node(wireFeed)) {
            wire = rss(items.formatted("Winds of 100 km/h.", "For repairs."));
            node.poll(wireFeed);
            jdbc.sql("update article set summary = 'Closed until Friday, the city says.' where title = 'Bridge closes'")
                    .update();
            wire = rss(items.formatted("Winds of 150 km/h; schools shut.", "For repairs, all week."));
            node.poll(wireFeed);
            node.poll(wireFeed);

            assertThat(summaries("resummarised")).containsExactlyInAnyOrder(
                    "Storm nears the coast: Winds of 150 km/h; schools shut.",
                    "Bridge closes: Closed until Friday, the city says.");
            assertThat(node.statuses().get(0).lastPoll().taken()).isZero();

            wire = rss(items.formatted("", "For repairs, all week."));
            node.poll(wireFeed);
            assertThat(summaries("resummarised")).as("a summary the wire took back")
                    .contains("Storm nears the coast: null");
        }
    }

    /**
     * A site that moved a story's page (a slug put right, http to https) under the same guid: the story follows, so
     * that readers sent it from now on land on the page; one an editor relinked stays theirs, a link another story has
     * is that story's, and a link the feed drops leaves the story its own. (A new link was ignored until 7 December.)
     */
    @Test
    void anEntryWhoseLinkChangesUnderItsGuidMovesItsStoryUnlessAnEditorRelinkedIt() throws IOException {
        FeedSettings.Source wireFeed = source("/wire", "Relinked");
        String items = "<item><title>Storm nears the coast</title>%s<guid>urn:wire:storm</guid></item>"
                + "<item><title>Bridge closes</title><link>%s</link><guid>urn:wire:bridge</guid></item>"
                + "<item><title>Ferry cancelled</title><link>%s</link><guid>urn:wire:ferry</guid></item>";
        try (FeedPoller node = node(wireFeed)) {
            wire = rss(items.formatted("<link>http://wire.example/stroms</link>", "https://wire.example/bridge",
                    "https://wire.example/ferry"));
            node.poll(wireFeed);
            jdbc.sql("update article set url = 'https://city.example/bridge' where title = 'Bridge closes'").update();
            wire = rss(items.formatted("<link>https://wire.example/storm</link>", "https://wire.example/bridge-2",
                    "https://city.example/bridge"));
            node.poll(wireFeed);
            node.poll(wireFeed);

            assertThat(links("relinked")).containsExactlyInAnyOrder(
                    "Storm nears the coast: https://wire.example/storm",
                    "Bridge closes: https://city.example/bridge",
                    "Ferry cancelled: https://wire.example/ferry");
            assertThat(node.statuses().get(0).lastPoll().taken()).isZero();

            wire = rss(items.formatted("", "https://wire.example/bridge-2", "javascript:alert(1)"));
            node.poll(wireFeed);
            assertThat(links("relinked")).as("links the wire dropped or spoiled").contains(
                    "Storm nears the coast: https://wire.example/storm", "Ferry cancelled: https://wire.example/ferry");
            assertThat(jdbc.sql("select count(*) from article where own_url = 'https://wire.example/storm'")
                    .query(Long.class).single()).as("the story owns its new page").isOne();

            wire = rss(items.formatted("", "https://wire.example/bridge-2", "https://wire.example/ferry-2"));
            node.poll(wireFeed);
            assertThat(links("relinked")).as("a link another story had does not freeze the story's own")
                    .contains("Ferry cancelled: https://wire.example/ferry-2");
        }
    }

    /** One feed that redirects to another, or a second feed of the same wire: the story changed its title once. */
    @Test
    void aNewTitleThatTwoFeedsGiveIsOneCorrection() throws IOException {
        FeedSettings.Source wireFeed = source("/wire", "Twice");
        FeedSettings.Source again = source("/wire-again", "Twice");
        StoryDesk desk = mock(StoryDesk.class);
        try (FeedPoller node = node(new StaticListableBeanFactory(Map.of("desk", desk)).getBeanProvider(
                StoryDesk.class), wireFeed, again)) {
            String item = "<item><title>%s</title><link>https://wire.example/pm</link><guid>urn:wire:pm</guid></item>";
            wire = rss(item.formatted("Prime minister resigns"));
            node.poll(wireFeed);
            node.poll(again);
            wire = rss(item.formatted("Prime minister offers to resign"));
            node.poll(wireFeed);
            node.poll(again);
            node.poll(wireFeed);

            assertThat(titles("twice")).containsExactly("Prime minister offers to resign");
            long story = articles.list(Optional.of(TagKey.of("Twice")), new PageRequest(0, 1)).items().get(0).id();
            verify(desk, times(1)).correct(eq(story),
                    eq("Title changed: Prime minister resigns → Prime minister offers to resign"), any(), anyString());
        }
    }

    /** A site moved to a new system that writes new guids: the same title, link and date is the story it had. */
    @Test
    void anEntryWhoseGuidChangedButNotItsTitleLinkOrDateIsTheStoryItWas() throws IOException {
        FeedSettings.Source wireFeed = source("/wire", "Migrated");
        try (FeedPoller node = node(wireFeed)) {
            String item = "<item><title>Bridge reopens</title><link>https://wire.example/bridge</link>"
                    + "<pubDate>Mon, 01 Dec 2025 09:00:00 GMT</pubDate><guid>%s</guid></item>";
            wire = rss(item.formatted("old-cms-17"));
            node.poll(wireFeed);
            wire = rss(item.formatted("https://wire.example/?p=9917"));
            node.poll(wireFeed);

            assertThat(titles("migrated")).containsExactly("Bridge reopens");
            assertThat(node.statuses().get(0).lastPoll().taken()).isZero();
        }
    }

    /** A feed that gives two stories one guid, and then new dates: they are the stories they were. */
    @Test
    void entriesSharingAGuidButNotALinkKeepTheirStoriesWhenRedated() throws IOException {
        FeedSettings.Source wireFeed = source("/wire", "Redated");
        try (FeedPoller node = node(wireFeed)) {
            String items = "<item><title>Dup guid A</title><link>https://wire.example/a</link><guid>dup</guid>"
                    + "<pubDate>%s</pubDate></item><item><title>Dup guid B</title><link>https://wire.example/b</link>"
                    + "<guid>dup</guid><pubDate>%1$s</pubDate></item>";
            wire = rss(items.formatted("Mon, 01 Dec 2025 09:00:00 GMT"));
            node.poll(wireFeed);
            wire = rss(items.formatted("Tue, 02 Dec 2025 09:00:00 GMT"));
            node.poll(wireFeed);

            assertThat(titles("redated")).containsExactlyInAnyOrder("Dup guid A", "Dup guid B");
            assertThat(node.statuses().get(0).lastPoll().taken()).isZero();
        }
    }

    @Test
    void storiesSharingALinkAreStoriesOfTheirOwnAndOneFoundInAnotherFeedGainsItsTags() throws IOException {
        FeedSettings.Source stationFeed = source("/station", "Radio");
        FeedSettings.Source agencyFeed = source("/agency");
        try (FeedPoller node = node(stationFeed, agencyFeed)) {
            station = DAY_ONE;
            node.poll(stationFeed);
            station = DAY_TWO;
            node.poll(stationFeed);
            node.poll(agencyFeed);
            List<FeedStatus> statuses = node.statuses();

            assertThat(titles("radio")).containsExactlyInAnyOrder("Morning show: transport strike",
                    "Noon news: budget vote", "Evening show: football", "Morning show: weather",
                    "Noon news: budget vote");
            assertThat(articles.list(Optional.empty(), new PageRequest(0, 50)).items())
                    .allSatisfy(article -> assertThat(article.url()).hasToString("https://station.example/schedule"));
            Article shared = articles.list(Optional.of(TagKey.of("Wire")), new PageRequest(0, 50)).items().get(0);
            assertThat(shared.tags()).extracting(Tag::label).containsExactly("Radio", "Wire");
            assertThat(shared.publishedAt()).isEqualTo(Instant.parse("2025-12-01T11:00:00Z"));
            assertThat(statuses.get(0).lastPoll()).isEqualTo(new FeedStatus.LastRead(statuses.get(0).lastPolledAt(),
                    2, 0, Map.of(), 0, null, 0));
            assertThat(statuses.get(1).articles()).isZero();
            assertThat(statuses.get(1).lastPoll().tagged()).isEqualTo(1);
        }
    }

    /** Two feeds of the same stories polled at once: each story once, and neither feed records a failure. */
    @Test
    void twoFeedsGivingTheSameStoriesAtOnceMakeEachOnceWithoutFailing() throws IOException {
        FeedSettings.Source first = source("/race-a", "Race");
        FeedSettings.Source second = source("/race-b", "Race");
        racing = new CountDownLatch(2);
        try (FeedPoller node = node(first, second)) {
            List<FeedStatus> statuses = node.pollAll();

            assertThat(statuses).extracting(FeedStatus::lastPoll).allSatisfy(poll -> assertThat(poll.failure())
                    .as("what /admin/feeds shows").isNull());
            assertThat(statuses).extracting(status -> status.lastPoll().taken() + status.lastPoll().tagged())
                    .containsExactly(30, 30);
            assertThat(titles("race")).doesNotHaveDuplicates().hasSize(30);
        }
    }

    @Test
    void aPollsRecordSaysWhatItTookAndSkippedAndWhyAndUndatedStoriesArePlacedWhenFirstSeen() throws IOException {
        FeedSettings.Source mixed = source("/mixed");
        try (FeedPoller node = node(mixed)) {
            FeedStatus status = node.pollAll().get(0);

            assertThat(status.lastError()).isNull();
            assertThat(status.lastPoll()).isEqualTo(new FeedStatus.LastRead(status.lastPolledAt(), 3, 0, Map.of(
                    "an entry without a title, link or summary", 1,
                    "a second copy of an entry in the same feed", 1,
                    "an entry without a usable tag", 1), 0, null, 2));
            assertThat(status.dropped()).isEqualTo(3);
            assertThat(titles("mixed")).containsExactlyInAnyOrder("Tagged story", "Undated #Mixed story",
                    "Badly dated #Mixed story");
            assertThat(articles.list(Optional.of(TagKey.of("Mixed")), new PageRequest(0, 50)).items())
                    .filteredOn(article -> article.title().contains("dated"))
                    .extracting(Article::publishedAt).containsOnly(status.lastPolledAt());
            assertThat(jdbc.sql("select count(*) from feed_entry where undated and published_at is null and article_id is not null")
                    .query(Long.class).single()).isEqualTo(2);
        }
    }

    @Test
    void entriesSkippedForWantOfATagAreStoriesAsSoonAsTheFeedIsGivenTags() throws IOException {
        FeedSettings.Source untagged = source("/rss");
        try (FeedPoller node = node(untagged)) {
            FeedStatus status = node.pollAll().get(0);

            assertThat(status.lastPoll().taken()).as("the entry with a category and hashtags").isEqualTo(1);
            assertThat(status.lastPoll().skipped()).containsEntry("an entry without a usable tag", 1);
            assertThat(node.pollAll().get(0).lastPoll()).as("answered 304").isEqualTo(status.lastPoll());
        }
        conditionalHeaders.clear();
        FeedSettings.Source tagged = source("/rss", "World");
        try (FeedPoller node = node(tagged)) {
            FeedStatus status = node.pollAll().get(0);

            assertThat(conditionalHeaders).as("asked in full, its ETag set aside").isEmpty();
            assertThat(status.lastPoll().taken()).isEqualTo(1);
            assertThat(status.lastPoll().skipped()).isEmpty();
            assertThat(articles.list(Optional.of(TagKey.of("World")), new PageRequest(0, 50)).items())
                    .extracting(Article::title).containsExactly("Kyiv power station hit");
            node.pollAll();
            assertThat(conditionalHeaders).as("and conditionally again after").containsKey("If-None-Match");
        }
    }

    @Test
    void entriesTakenWhenKeysWereGuidsOrLinksAreKnownAndANewTitleUnderAKnownLinkIsANewStory() throws IOException {
        FeedSettings.Source stationFeed = source("/station", "Radio");
        Article earlier = articles.publish(new NewArticle("Morning show: transport strike", null, null, null,
                URI.create("https://station.example/schedule"), Instant.parse("2025-12-01T06:00:00Z"),
                List.of(Tag.of("Radio"))));
        jdbc.sql("insert into feed (url) values (?)").param(stationFeed.url().toString()).update();
        jdbc.sql("insert into feed_entry (feed_url, entry_key, article_id, seen_at) values (?, ?, ?, ?)")
                .params(stationFeed.url().toString(), LinkTokens.hash("https://station.example/schedule"),
                        earlier.id(), OffsetDateTime.now(clock))
                .update();
        station = DAY_ONE;
        try (FeedPoller node = node(stationFeed)) {
            node.poll(stationFeed);

            assertThat(titles("radio")).containsExactlyInAnyOrder("Morning show: transport strike",
                    "Noon news: budget vote", "Evening show: football");
        }
    }

    private FeedSettings.Source source(String path, String... tags) {
        return new FeedSettings.Source(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path),
                List.of(tags));
    }

    /** A poller of its own, as another node of the cluster has. */
    private FeedPoller node(FeedSettings.Source... sources) {
        return node(corrections, sources);
    }

    /** A poller whose retitled entries' corrections go to this desk. */
    private FeedPoller node(ObjectProvider<StoryDesk> corrections, FeedSettings.Source... sources) {
        return new FeedPoller(new FeedSettings(List.of(sources), Duration.ofMinutes(10), Duration.ofSeconds(3),
                DataSize.ofMegabytes(1), List.of("127.0.0.1"), 200, 4), articles, jdbc, transactions, clock, meters,
                corrections);
    }

    private List<String> titles(String tag) {
        return articles.list(Optional.of(TagKey.of(tag)), new PageRequest(0, 100)).items().stream()
                .map(Article::title).toList();
    }

    private List<String> summaries(String tag) {
        return articles.list(Optional.of(TagKey.of(tag)), new PageRequest(0, 100)).items().stream()
                .map(article -> article.title() + ": " + article.summary()).toList();
    }

    private List<String> links(String tag) {
        return articles.list(Optional.of(TagKey.of(tag)), new PageRequest(0, 100)).items().stream()
                .map(article -> article.title() + ": " + article.url()).toList();
    }

    private static String rss(String items) {
        return "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title>" + items
                + "</channel></rss>";
    }

    private static void send(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/xml");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        } catch (IOException e) {
            // The reader gave up first (the timeout case).
        }
    }
}
