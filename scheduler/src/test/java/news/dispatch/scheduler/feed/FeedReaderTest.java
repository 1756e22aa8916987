package news.dispatch.scheduler.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class FeedReaderTest {

    static final URI FEED = URI.create("https://news.example/feed.xml");

    static final String RSS = """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0"><channel><title>Desk</title><link>https://news.example/</link>
            <description>Newsroom</description>
            <item>
              <title>Airbus orders A320 software fix #Airbus</title>
              <link>https://news.example/a320</link>
              <guid>urn:news:a320</guid>
              <description>&lt;p&gt;Airlines rush to patch &lt;b&gt;6,000&lt;/b&gt; jets. #SolarFlare&lt;/p&gt;</description>
              <category>Aviation</category>
              <category>Breaking News / World</category>
              <pubDate>Sat, 29 Nov 2025 14:23:00 GMT</pubDate>
              <author>desk@news.example (Daniel Brandt)</author>
            </item>
            <item>
              <title>Kyiv power station hit</title>
              <link>https://news.example/kyiv</link>
              <pubDate>Sat, 29 Nov 2025 13:36:00 GMT</pubDate>
            </item>
            </channel></rss>
            """;

    static final String ATOM = """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom">
              <title>Desk</title><id>urn:desk</id><updated>2025-11-29T15:00:00Z</updated>
              <entry>
                <title>Grain corridor talks resume</title>
                <id>urn:news:grain</id>
                <link href="https://news.example/grain"/>
                <updated>2025-11-29T15:00:00Z</updated>
                <summary>Negotiators meet again</summary>
                <category term="Trade"/>
              </entry>
            </feed>
            """;

    /** Such an entry still is a story, linked to its page on Dispatch. */
    @Test
    void aLinkThatIsNoUsableAddressIsLeftOutAndTheStoryKept() throws Exception {
        String feed = "<rss version=\"2.0\"><channel>"
                + "<item><title>Script</title><link>javascript:alert(1)</link><guid>js-1</guid></item>"
                + "<item><title>Long</title><link>https://news.example/" + "a".repeat(2_100) + "</link></item>"
                + "<item><title>Permalink</title><guid>https://news.example/p/1</guid></item>"
                + "</channel></rss>";

        assertThat(FeedReader.read(feed.getBytes(StandardCharsets.UTF_8), FEED).entries())
                .extracting(FeedEntry::title, FeedEntry::link)
                .containsExactly(tuple("Script", null), tuple("Long", null),
                        tuple("Permalink", "https://news.example/p/1"));
    }

    /** A newsroom on an international domain, or with letters beyond ASCII in its paths, as feeds write them. */
    @Test
    void linksOnInternationalDomainsAndWithLettersBeyondAsciiAreTakenInTheirAsciiForm() throws Exception {
        String feed = "<rss version=\"2.0\"><channel>"
                + "<item><title>Books</title><link>https://b\u00fccher.example/st\u00e4dte?q=\u00fc#teil</link></item>"
                + "<item xml:base=\"https://\u043d\u043e\u0432\u0438\u043d\u0438.example/\"><title>News</title>"
                + "<link>\u043a\u0438\u0457\u0432</link></item>"
                + "<item><title>Street</title><link>https://stra\u00dfe.example/</link></item>"
                + "</channel></rss>";

        assertThat(FeedReader.read(feed.getBytes(StandardCharsets.UTF_8), FEED).entries())
                .extracting(FeedEntry::title, FeedEntry::link)
                .containsExactly(tuple("Books", "https://xn--bcher-kva.example/st%C3%A4dte?q=%C3%BC#teil"),
                        tuple("News", "https://xn--b1amarcd.example/%D0%BA%D0%B8%D1%97%D0%B2"),
                        tuple("Street", null));
    }

    /** RFC 3986 §5.2.4: ".." above the root is dropped, as a browser following the link drops it. */
    @Test
    void relativeLinksThatClimbAboveTheRootResolveToTheSitesOwnPages() throws Exception {
        String feed = "<rss version=\"2.0\"><channel>"
                + "<item><title>Three</title><link>../stories/rss-three?a=1&amp;b=2</link></item>"
                + "<item><title>Four</title><link>../../four#top</link></item>"
                + "<item xml:base=\"../../desk/\"><title>Five</title><link>five</link></item>"
                + "</channel></rss>";

        assertThat(FeedReader.read(feed.getBytes(StandardCharsets.UTF_8), URI.create("http://127.0.0.1:19050/rss.xml"))
                .entries()).extracting(FeedEntry::title, FeedEntry::link)
                .containsExactly(tuple("Three", "http://127.0.0.1:19050/stories/rss-three?a=1&b=2"),
                        tuple("Four", "http://127.0.0.1:19050/four#top"),
                        tuple("Five", "http://127.0.0.1:19050/desk/five"));
    }

    /**
     * A base that takes no relative links (a URN, a mailto) leaves its entries' relative links no page, and the rest of
     * the feed is read: until a QA of 7 December one such entry stopped the whole feed with a Java message.
     */
    @Test
    void aRelativeLinkUnderABaseThatIsNoPageIsDroppedAndTheFeedReadOn() throws Exception {
        String feed = "<rss version=\"2.0\"><channel>"
                + "<item><title>Before</title><link>https://news.example/before</link></item>"
                + "<item xml:base=\"urn:x\"><title>Urn</title><link>r3</link></item>"
                + "<item xml:base=\"mailto:a@b\"><title>Mailto</title><link>r4</link></item>"
                + "<item xml:base=\"javascript:alert(1)//\"><title>Script</title><link>r5</link></item>"
                + "<item><title>After</title><link>https://news.example/after</link></item>"
                + "</channel></rss>";

        assertThat(FeedReader.read(feed.getBytes(StandardCharsets.UTF_8), FEED).entries())
                .extracting(FeedEntry::title, FeedEntry::link)
                .containsExactly(tuple("Before", "https://news.example/before"), tuple("Urn", null),
                        tuple("Mailto", null), tuple("Script", null), tuple("After", "https://news.example/after"));
    }

    /** RFC 7303: the charset the server names decides over the prolog's, and a byte-order mark over both. */
    @Test
    void theEncodingTheServerNamesDecidesWhereTheFeedNamesNone() throws Exception {
        byte[] latin = ("<rss version=\"2.0\"><channel><item><title>Se\u00f1or Garc\u00eda</title>"
                + "<link>https://news.example/g</link></item></channel></rss>").getBytes(StandardCharsets.ISO_8859_1);

        assertThat(FeedReader.read(latin, "ISO-8859-1", FEED).entries()).extracting(FeedEntry::title)
                .containsExactly("Se\u00f1or Garc\u00eda");
        assertThatThrownBy(() -> FeedReader.read(latin, "no-such-charset", FEED))
                .as("an unknown name passed over: UTF-8, which these bytes are not").isInstanceOf(FeedUnreadable.class)
                .hasMessageContaining("bytes that are not valid UTF-8, the encoding it is read in");
        byte[] mislabelled = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><item>"
                + "<title>Caf\u00e9 cr\u00e8me</title><link>https://news.example/c</link></item></channel></rss>")
                .getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> FeedReader.read(mislabelled, null, FEED)).isInstanceOf(FeedUnreadable.class)
                .hasMessageContaining("bytes that are not valid UTF-8");
        byte[] withBom = ("\ufeff" + RSS).getBytes(StandardCharsets.UTF_8);
        assertThat(FeedReader.read(withBom, "ISO-8859-1", FEED).entries()).hasSize(2);
        assertThatThrownBy(() -> FeedReader.read("<rss>\u20ac</rss>".getBytes(StandardCharsets.UTF_8), "US-ASCII",
                FEED)).isInstanceOf(FeedUnreadable.class)
                .hasMessageContaining("bytes that are not valid US-ASCII, the encoding its server names");
        assertThat(FeedFetcher.charset("text/xml; charset=\"iso-8859-1\"")).isEqualTo("iso-8859-1");
        assertThat(FeedFetcher.charset("application/rss+xml")).isNull();
    }

    @Test
    void readsRssItemsWithTextSummariesCategoriesAndTimes() throws Exception {
        List<FeedEntry> entries = FeedReader.read(RSS.getBytes(StandardCharsets.UTF_8), FEED).entries();

        assertThat(entries).hasSize(2);
        FeedEntry first = entries.get(0);
        assertThat(first.key()).isEqualTo("urn:news:a320");
        assertThat(first.title()).isEqualTo("Airbus orders A320 software fix #Airbus");
        assertThat(first.summary()).isEqualTo("Airlines rush to patch 6,000 jets. #SolarFlare");
        assertThat(first.link()).isEqualTo("https://news.example/a320");
        assertThat(first.categories()).containsExactly("Aviation", "Breaking News / World");
        assertThat(first.publishedAt()).isEqualTo(Instant.parse("2025-11-29T14:23:00Z"));
        assertThat(entries.get(1).key()).as("no guid: the link, title and date")
                .isEqualTo("link https://news.example/kyiv\nKyiv power station hit\n2025-11-29T13:36:00Z");
    }

    @Test
    void readsAtomEntries() throws Exception {
        List<FeedEntry> entries = FeedReader.read(ATOM.getBytes(StandardCharsets.UTF_8), FEED).entries();
        assertThat(entries).singleElement().satisfies(entry -> {
            assertThat(entry.key()).isEqualTo("urn:news:grain");
            assertThat(entry.link()).isEqualTo("https://news.example/grain");
            assertThat(entry.categories()).containsExactly("Trade");
            assertThat(entry.publishedAt()).isEqualTo(Instant.parse("2025-11-29T15:00:00Z"));
        });
    }

    @Test
    void refusesWhatIsNotAFeed() {
        assertThatThrownBy(() -> FeedReader.read("<html><body>Not found</body></html>".getBytes(), FEED))
                .isInstanceOf(FeedUnreadable.class);
        assertThatThrownBy(() -> FeedReader.read("<rss version=\"2.0\"><channel><item>".getBytes(), FEED))
                .isInstanceOf(FeedUnreadable.class);
        assertThatThrownBy(() -> FeedReader.read(new byte[0], FEED)).isInstanceOf(FeedUnreadable.class);
        assertThatThrownBy(() -> FeedReader.read(("<?xml version=\"1.0\" encoding=\"BOGUS-ENC\"?><rss version=\"2.0\">"
                + "<channel></channel></rss>").getBytes(StandardCharsets.US_ASCII), FEED))
                .isInstanceOf(FeedUnreadable.class).hasMessage("not a readable RSS or Atom feed: its prolog names an "
                        + "encoding Dispatch cannot read (BOGUS-ENC); UTF-8 can write any feed");
    }

    @Test
    void externalEntitiesCanNeverBeRead() {
        String xxe = """
                <?xml version="1.0"?>
                <!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
                <rss version="2.0"><channel><title>x</title><item><title>&secret;</title>
                <link>https://news.example/x</link></item></channel></rss>
                """;
        assertThatThrownBy(() -> FeedReader.read(xxe.getBytes(), FEED)).isInstanceOf(FeedUnreadable.class)
                .hasMessage("not a readable RSS or Atom feed: its DOCTYPE declares entities, which are never expanded"
                        + " (they could reach files or multiply)");
    }

    @Test
    void entityExpansionBombsAreRefused() {
        String laughs = """
                <?xml version="1.0"?>
                <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
                <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
                <rss version="2.0"><channel><title>&lol3;</title></channel></rss>
                """;
        assertThatThrownBy(() -> FeedReader.read(laughs.getBytes(), FEED)).isInstanceOf(FeedUnreadable.class)
                .hasMessageContaining("its DOCTYPE declares entities");
    }

    @Test
    void elementsNestedThousandsDeepAreRefusedAtOnceWithoutRecursion() throws Exception {
        for (int depth : new int[] {FeedReader.MAX_DEPTH + 1, 5_000, 100_000}) {
            assertThatThrownBy(() -> FeedReader.read(HostileFeedsIT.nested(depth).getBytes(), FEED))
                    .isInstanceOf(FeedUnreadable.class)
                    .hasMessage("not a readable RSS or Atom feed: elements nested more than 64 levels deep");
        }
        assertThat(FeedReader.read(HostileFeedsIT.nested(FeedReader.MAX_DEPTH - 4).getBytes(), FEED).entries())
                .as("60 levels inside an item are read").hasSize(1);
    }

    @Test
    void itemsThatCannotBeEntriesAreCountedWithTheirReason() throws Exception {
        String rss = RSS.replace("<title>Kyiv power station hit</title>", "")
                .replace("<link>https://news.example/kyiv</link>", "")
                .replace("</channel>", "<item><guid isPermaLink=\"false\">urn:x</guid></item>"
                        + "<item><description>A summary, no title</description></item></channel>");

        FeedReader.Read read = FeedReader.read(rss.getBytes(StandardCharsets.UTF_8), FEED);

        assertThat(read.entries()).extracting(FeedEntry::title).containsExactly(
                "Airbus orders A320 software fix #Airbus", "A summary, no title");
        assertThat(read.skipped()).containsExactly(Map.entry("an entry without a title, link or summary", 2));
    }

    @Test
    void summariesComeFromEverySourceAndTextIsReadTheSameWayFromEach() throws Exception {
        List<FeedEntry> modules = FeedReader.read(FeedCorpus.bytes("rss20-namespaces.xml"),
                FeedCorpus.url("rss20-namespaces")).entries();
        assertThat(modules).extracting(FeedEntry::title, FeedEntry::summary, FeedEntry::author).containsExactly(
                tuple("a<b and c>d", "Full text from content:encoded & more", "Ada Lovelace"),
                tuple("Tom & Jerry return", "Summary from media:description", null),
                tuple("Media description directly", "Plain media text", null),
                tuple("Description wins", "The description", null));
        assertThat(modules.get(2).categories()).containsExactly("Video");

        List<FeedEntry> atom = FeedReader.read(FeedCorpus.bytes("atom10.xml"), FeedCorpus.url("atom10")).entries();
        assertThat(atom).extracting(FeedEntry::summary).startsWith("Milliseconds",
                "Microseconds are microseconds", "XHTML content here", "Plain content");
        List<FeedEntry> old = FeedReader.read(FeedCorpus.bytes("atom03.xml"), FeedCorpus.url("atom03")).entries();
        assertThat(old).extracting(FeedEntry::summary).containsExactly("Atom 0.3 allowed issued without a zone",
                "Escaped content", "Base64 content");
    }

    @Test
    void aDoctypeIsADeclarationOnlyItsDtdIsNeverFetched() throws Exception {
        String declared = """
                <?xml version="1.0"?>
                <!DOCTYPE rss SYSTEM "http://127.0.0.1:1/evil.dtd">
                <rss version="2.0"><channel><title>t</title><item><title>Caf&eacute;&nbsp;open &amp; &unknown;</title>
                <link>https://news.example/dtd</link></item></channel></rss>""";

        assertThat(FeedReader.read(declared.getBytes(StandardCharsets.UTF_8), FEED).entries())
                .extracting(FeedEntry::title).containsExactly("Café open & &unknown;");
    }

    @Test
    void anHtmlPageIsNotAFeed() {
        assertThatThrownBy(() -> FeedReader.read("""


                <!doctype html><html><head><title>Home</title></head><body><p>Moved<br></body></html>"""
                .getBytes(StandardCharsets.UTF_8), FEED))
                .isInstanceOf(FeedUnreadable.class)
                .hasMessage("not a feed: the server sent an HTML page, not RSS or Atom");
        assertThatThrownBy(() -> FeedReader.read("<opml version=\"2.0\"><body/></opml>".getBytes(), FEED))
                .hasMessage("not a feed: its root element is <opml>, not RSS or Atom");
    }
}
