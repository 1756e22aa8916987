package news.dispatch.scheduler.feed;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

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
 * nor entity expansion bombs can reach the parser. Before Rome sees a document, one pass without recursion checks
 * its shape: elements nested deeper than {@value #MAX_DEPTH} levels (no feed needs that many; a hostile one uses
 * thousands to overflow the stack of a recursive reader, or to make it quadratic) refuse the whole feed.
 */
final class FeedReader {

    static final int MAX_DEPTH = 64;

    private FeedReader() {
    }

    /** The entries read, and how many items were left out because they can't be entries, with the last reason. */
    record Read(List<FeedEntry> entries, int skipped, String skipReason) {
    }

    static Read read(byte[] document) throws FeedUnreadable {
        String text;
        try (XmlReader xml = new XmlReader(new ByteArrayInputStream(document))) {
            StringWriter all = new StringWriter();
            xml.transferTo(all);
            text = all.toString();
        } catch (IOException | IllegalArgumentException e) {
            throw unreadable(e.getMessage(), e);
        }
        checkShape(text);
        SyndFeed feed;
        try {
            SyndFeedInput input = new SyndFeedInput(false, Locale.ROOT);
            input.setAllowDoctypes(false);
            input.setXmlHealerOn(false);
            feed = input.build(new StringReader(text));
        } catch (FeedException | IllegalArgumentException e) {
            throw unreadable(e.getMessage(), e);
        }
        List<FeedEntry> entries = new ArrayList<>();
        int skipped = 0;
        String skipReason = null;
        for (SyndEntry entry : feed.getEntries()) {
            String link = blankToNull(entry.getLink());
            String key = blankToNull(entry.getUri()) != null ? entry.getUri().strip() : link;
            String title = blankToNull(entry.getTitle());
            if (key == null || title == null) {
                skipped++;
                skipReason = title == null ? "an entry without a title" : "an entry without a guid or link";
                continue;
            }
            entries.add(new FeedEntry(key, Jsoup.parse(title).text(), summary(entry), link,
                    blankToNull(entry.getAuthor()), instant(entry), entry.getCategories().stream()
                    .map(SyndCategory::getName).filter(name -> blankToNull(name) != null).toList()));
        }
        return new Read(entries, skipped, skipReason);
    }

    /** One streaming pass, linear in the document's size; it stops at the first DOCTYPE or too deep an element. */
    private static void checkShape(String text) throws FeedUnreadable {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        XMLStreamReader xml = null;
        try {
            xml = factory.createXMLStreamReader(new StringReader(text));
            int depth = 0;
            while (xml.hasNext()) {
                int event = xml.next();
                if (event == XMLStreamConstants.DTD) {
                    throw unreadable("it has a DOCTYPE, which is refused (it could reach files or expand"
                            + " entities)", null);
                }
                if (event == XMLStreamConstants.START_ELEMENT && ++depth > MAX_DEPTH) {
                    throw unreadable("elements nested more than " + MAX_DEPTH + " levels deep", null);
                }
                if (event == XMLStreamConstants.END_ELEMENT) {
                    depth--;
                }
            }
        } catch (XMLStreamException e) {
            throw unreadable(e.getMessage(), e);
        } finally {
            if (xml != null) {
                try {
                    xml.close();
                } catch (XMLStreamException ignored) {
                    // Nothing is held open: the document is a string.
                }
            }
        }
    }

    private static FeedUnreadable unreadable(String why, Exception cause) {
        return new FeedUnreadable("not a readable RSS or Atom feed: "
                + (why == null ? cause.getClass().getSimpleName() : why.replaceAll("\\s+", " ").strip()), cause);
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
