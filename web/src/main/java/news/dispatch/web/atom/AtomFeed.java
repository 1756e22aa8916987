package news.dispatch.web.atom;

import java.io.StringWriter;
import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import news.dispatch.core.article.Article;
import news.dispatch.core.article.Correction;
import news.dispatch.core.tag.Tag;

/**
 * An Atom 1.0 feed (RFC 4287) of stories, newest first, written by the JDK's XML writer so that every text is escaped
 * as XML needs. An entry's id is its story's public page, which never changes; its link is where emails point.
 *
 * @param id      the feed's own address, which is also its id
 * @param title   what a feed reader shows as its name
 * @param page    the page of the site the feed follows (the front page, a tag's page)
 * @param baseUrl the site's base URL, for the stories' own pages and the tags' scheme
 * @param stories     the stories, newest first
 * @param corrections each story's corrections, oldest first, by the story's id
 * @param now         the feed's updated time when it has no stories
 */
record AtomFeed(URI id, String title, URI page, URI baseUrl, List<Article> stories,
                Map<Long, List<Correction>> corrections, Instant now) {

    static final String NAMESPACE = "http://www.w3.org/2005/Atom";

    /** What XML 1.0 cannot hold at all, escaped or not: control characters but tab and line ends, and lone halves. */
    private static final Pattern NOT_IN_XML = Pattern.compile(
            "[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\uFFFE\\uFFFF]"
                    + "|[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]");

    String write() {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeStartElement("feed");
            xml.writeDefaultNamespace(NAMESPACE);
            text(xml, "id", id.toString());
            text(xml, "title", title);
            text(xml, "updated", time(stories.stream().map(this::updated).max(Instant::compareTo).orElse(now)));
            link(xml, "self", id.toString(), "application/atom+xml");
            link(xml, "alternate", page.toString(), "text/html");
            xml.writeStartElement("author");
            text(xml, "name", "Dispatch");
            xml.writeEndElement();
            text(xml, "generator", "Dispatch");
            for (Article story : stories) {
                entry(xml, story);
            }
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("Could not write the Atom feed " + id, e);
        }
        return out.toString();
    }

    private void entry(XMLStreamWriter xml, Article story) throws XMLStreamException {
        xml.writeStartElement("entry");
        text(xml, "id", under("articles/" + story.id()));
        text(xml, "title", story.title());
        link(xml, "alternate", story.link(baseUrl).toString(), null);
        if (story.author() != null) {
            xml.writeStartElement("author");
            text(xml, "name", story.author());
            xml.writeEndElement();
        }
        text(xml, "published", time(story.publishedAt()));
        text(xml, "updated", time(updated(story)));
        for (Tag tag : story.tags()) {
            xml.writeEmptyElement("category");
            xml.writeAttribute("term", tag.key().value());
            xml.writeAttribute("label", tag.label());
            xml.writeAttribute("scheme", under("tags/"));
        }
        if (story.summary() != null) {
            text(xml, "summary", story.summary());
        }
        List<Correction> corrected = corrections.getOrDefault(story.id(), List.of());
        if (!corrected.isEmpty()) {
            // Feed readers show an entry's content and watch its updated time: a correction changes both.
            StringBuilder content = new StringBuilder();
            for (Correction correction : corrected) {
                content.append(content.isEmpty() ? "" : "\n").append("Correction (")
                        .append(time(correction.createdAt())).append("): ").append(correction.text());
            }
            xml.writeStartElement("content");
            xml.writeAttribute("type", "text");
            xml.writeCharacters(NOT_IN_XML.matcher(content).replaceAll(""));
            xml.writeEndElement();
        }
        xml.writeEndElement();
    }

    /** When an entry last changed: its publication, or its latest correction. */
    private Instant updated(Article story) {
        return corrections.getOrDefault(story.id(), List.of()).stream().map(Correction::createdAt)
                .filter(at -> at.isAfter(story.publishedAt())).reduce((first, later) -> later)
                .orElse(story.publishedAt());
    }

    /** An address of the site, under its base URL's path as the stories' own pages are ({@link Article#link}). */
    private String under(String path) {
        String base = baseUrl.toString();
        return (base.endsWith("/") ? base : base + "/") + path;
    }

    private static void text(XMLStreamWriter xml, String element, String text) throws XMLStreamException {
        xml.writeStartElement(element);
        xml.writeCharacters(NOT_IN_XML.matcher(text).replaceAll(""));
        xml.writeEndElement();
    }

    private static void link(XMLStreamWriter xml, String rel, String href, String type) throws XMLStreamException {
        xml.writeEmptyElement("link");
        xml.writeAttribute("rel", rel);
        if (type != null) {
            xml.writeAttribute("type", type);
        }
        xml.writeAttribute("href", href);
    }

    /** RFC 3339, in UTC, to the second. */
    private static String time(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }
}
