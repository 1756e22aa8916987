package news.dispatch.scheduler.feed;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;

import com.rometools.rome.feed.synd.SyndCategory;
import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.SyndFeedInput;
import com.rometools.rome.io.XmlReader;
import org.jsoup.Jsoup;

/**
 * Reads RSS and Atom with Rome. Documents with a DOCTYPE are refused outright, so neither external entities (XXE)
 * nor entity expansion bombs can reach the parser.
 */
final class FeedReader {

    private FeedReader() {
    }

    static List<FeedEntry> read(byte[] document) throws FeedUnreadable {
        SyndFeed feed;
        try (XmlReader xml = new XmlReader(new ByteArrayInputStream(document))) {
            SyndFeedInput input = new SyndFeedInput(false, Locale.ROOT);
            input.setAllowDoctypes(false);
            input.setXmlHealerOn(false);
            feed = input.build(xml);
        } catch (FeedException | IllegalArgumentException | IOException e) {
            throw new FeedUnreadable("not a readable RSS or Atom feed: " + e.getMessage(), e);
        }
        List<FeedEntry> entries = new ArrayList<>();
        for (SyndEntry entry : feed.getEntries()) {
            String link = blankToNull(entry.getLink());
            String key = blankToNull(entry.getUri()) != null ? entry.getUri().strip() : link;
            String title = blankToNull(entry.getTitle());
            if (key == null || title == null) {
                continue;
            }
            entries.add(new FeedEntry(key, Jsoup.parse(title).text(), summary(entry), link,
                    blankToNull(entry.getAuthor()), instant(entry), entry.getCategories().stream()
                    .map(SyndCategory::getName).filter(name -> blankToNull(name) != null).toList()));
        }
        return entries;
    }

    /** Descriptions often carry HTML; a summary is its text. */
    private static String summary(SyndEntry entry) {
        SyndContent description = entry.getDescription();
        String html = description != null ? description.getValue()
                : entry.getContents().isEmpty() ? null : entry.getContents().get(0).getValue();
        if (blankToNull(html) == null) {
            return null;
        }
        String text = Jsoup.parse(html).text();
        return text.length() <= 500 ? text : text.substring(0, 499) + "…";
    }

    private static Instant instant(SyndEntry entry) {
        Date date = entry.getPublishedDate() != null ? entry.getPublishedDate() : entry.getUpdatedDate();
        return date == null ? null : date.toInstant();
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
