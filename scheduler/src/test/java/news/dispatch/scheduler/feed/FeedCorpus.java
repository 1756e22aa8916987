package news.dispatch.scheduler.feed;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;

/**
 * The feeds in {@code src/test/resources/feeds}: each shape the web writes feeds in (RSS 0.91 with Netscape's DOCTYPE,
 * 0.92, 1.0 RDF, 2.0 with modules, Atom 0.3 and 1.0 with {@code xml:base}, every date form, shared links and guids,
 * items without guid or link, a BOM and blank lines, HTML served as a feed). Each {@code name.xml} has a
 * {@code name.expected}: the stories a reader of the feed would expect, one {@code title | link | date} line each
 * ({@code -} for no link, {@code undated} for no date), or {@code ! why} when it is no feed.
 */
final class FeedCorpus {

    static final List<String> FEEDS = List.of("rss091-netscape", "rss092", "rss10-rdf", "rss20-dates",
            "rss20-namespaces", "rss20-no-guid-no-link", "rss20-shared-guids", "rss20-shared-links", "atom03",
            "atom10", "bom-blank-lines", "html-page");

    private FeedCorpus() {
    }

    /** Where the feed is served from, as far as its relative links know. */
    static URI url(String name) {
        return URI.create("https://corpus.example/feeds/" + name + ".xml");
    }

    static byte[] bytes(String file) {
        try (InputStream in = FeedCorpus.class.getResourceAsStream("/feeds/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no such corpus file: " + file);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What Dispatch reads in the feed, written as its {@code .expected} file is. */
    static String read(String name) {
        try {
            return String.join("\n", FeedReader.read(bytes(name + ".xml"), url(name)).entries().stream()
                    .map(entry -> entry.title() + " | " + (entry.link() == null ? "-" : entry.link()) + " | "
                            + (entry.publishedAt() == null ? "undated" : entry.publishedAt()))
                    .toList());
        } catch (FeedUnreadable e) {
            return "! " + e.getMessage();
        }
    }
}
