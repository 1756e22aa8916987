package news.dispatch.scheduler.feed;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.io.StringReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import news.dispatch.core.article.NewArticle;

import com.rometools.rome.io.XmlReader;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Entities;

/**
 * Reads RSS 0.9x, 1.0 (RDF) and 2.0, and Atom 0.3 and 1.0, as a reader of the feed would: every item with a title,
 * a link or a summary is an entry. A DOCTYPE is accepted as a declaration only: no DTD is ever loaded, entities
 * declared in it refuse the feed, and only XML's and HTML's own named entities ({@code &nbsp;}, which RSS 0.91 feeds
 * use after Netscape's DOCTYPE) are read. Blank lines and a byte order mark before {@code <?xml} are skipped; an HTML
 * page is "not a feed". One pass without recursion builds the document, refusing elements nested deeper than
 * {@value #MAX_DEPTH} levels (no feed needs that many; a hostile one uses thousands to overflow the stack of a
 * recursive reader, or to make it quadratic).
 * <p>
 * Links are made absolute against the {@code xml:base} of the element and its ancestors and the feed's own URL;
 * dates are read by {@link FeedDates}; titles and summaries are text, read the same way from every source.
 */
final class FeedReader {

    static final int MAX_DEPTH = 64;
    private static final int MAX_SUMMARY = 500;

    private static final String XML = "http://www.w3.org/XML/1998/namespace";
    private static final String CONTENT = "http://purl.org/rss/1.0/modules/content/";
    private static final String MEDIA = "http://search.yahoo.com/mrss/";
    private static final String DC = "http://purl.org/dc/elements/1.1/";
    private static final String RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    /** A closing tag of HTML, or an entity: what tells a title or description written as HTML from plain text. */
    private static final Pattern LOOKS_LIKE_HTML = Pattern.compile(
            "(?i)</(a|abbr|b|big|blockquote|br|cite|code|div|em|font|h[1-6]|i|li|ol|p|pre|q|s|small|span|strike"
                    + "|strong|sub|sup|table|td|th|tr|tt|u|ul)>|<(br|hr|img|p)\\b[^>]*>|&(#\\d+|#x[0-9a-f]+|[a-z]+\\d*);");
    /** Blanks, the non-breaking space (RSS 0.91's {@code &nbsp;}) among them, as a reader sees them: one space. */
    private static final Pattern SPACE = Pattern.compile("[\\s\\u00a0]+");
    private static final Pattern DOCTYPE = Pattern.compile(
            "(?s)(?:<\\?xml[^>]*>\\s*)?(?:<!--.*?-->\\s*)*<!DOCTYPE\\s[^\\[>]*(\\[.*?\\])?\\s*>");
    private static final Pattern HTML_PAGE = Pattern.compile(
            "(?is)(<\\?xml[^>]*>\\s*)?(<!--.*?-->\\s*)*(<!doctype\\s+html|<html[\\s>])");

    private FeedReader() {
    }

    /**
     * The entries read, and the items left out (no title, link or summary at all; a second copy of an entry), how
     * many for each reason.
     */
    record Read(List<FeedEntry> entries, Map<String, Integer> skipped) {
    }

    static Read read(byte[] document, URI feedUrl) throws FeedUnreadable {
        return read(document, null, feedUrl);
    }

    /** {@code charset}: the one the server's {@code Content-Type} names, or {@code null}. */
    static Read read(byte[] document, String charset, URI feedUrl) throws FeedUnreadable {
        String text = decode(document, charset);
        if (HTML_PAGE.matcher(text).lookingAt()) {
            throw new FeedUnreadable("not a feed: the server sent an HTML page, not RSS or Atom", null);
        }
        checkDoctype(text);
        Node root = parse(text);
        List<Node> items = switch (root.name) {
            case "rss" -> items(root, "item");
            case "RDF" -> items(root, "item");
            case "feed" -> root.children("entry");
            case "html" -> throw new FeedUnreadable("not a feed: the server sent an HTML page, not RSS or Atom", null);
            default -> throw new FeedUnreadable("not a feed: its root element is <" + root.name
                    + ">, not RSS or Atom", null);
        };
        URI base = root.base(feedUrl);
        Map<String, Integer> skipped = new LinkedHashMap<>();
        List<Item> read = new ArrayList<>();
        for (Node item : items) {
            Item entry = item(item, root.name.equals("feed"), base);
            if (entry.title() == null) {
                skipped.merge("an entry without a title, link or summary", 1, Integer::sum);
            } else {
                read.add(entry);
            }
        }
        return new Read(identified(read, skipped), skipped);
    }

    /** An item as read, before its identity in the feed is known. */
    private record Item(String guid, String title, String summary, String link, String author, Instant publishedAt,
                        List<String> categories) {
    }

    /**
     * Each entry's key: its guid when no other entry of the feed has it; else its guid and link when no other entry has
     * both (a feed that gives all its stories one guid: their dates may change, they stay the stories they were); else
     * its link, title and date, or its title and date without a link. A link alone names a page, not a story: a
     * station's daily shows may all link to one.
     */
    private static List<FeedEntry> identified(List<Item> items, Map<String, Integer> skipped) {
        Map<String, Long> guids = items.stream().map(Item::guid).filter(Objects::nonNull)
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        Map<String, Long> guidsAndLinks = items.stream().filter(item -> item.guid() != null && item.link() != null)
                .collect(Collectors.groupingBy(item -> item.guid() + "\n" + item.link(), Collectors.counting()));
        Map<String, FeedEntry> byKey = new LinkedHashMap<>();
        for (Item item : items) {
            String date = item.publishedAt() == null ? "" : item.publishedAt().toString();
            String guidAndLink = item.guid() + "\n" + item.link();
            String key = item.guid() != null && guids.get(item.guid()) == 1 ? item.guid()
                    : guidsAndLinks.getOrDefault(guidAndLink, 0L) == 1 ? "guid " + guidAndLink
                    : item.link() != null ? "link " + item.link() + "\n" + item.title() + "\n" + date
                    : "title " + item.title() + "\n" + date;
            FeedEntry entry = new FeedEntry(key, item.guid() != null ? item.guid() : item.link(), item.title(),
                    item.summary(), item.link(), item.author(), item.publishedAt(), item.categories());
            if (byKey.putIfAbsent(key, entry) != null) {
                skipped.merge("a second copy of an entry in the same feed", 1, Integer::sum);
            }
        }
        return List.copyOf(byKey.values());
    }

    private static List<Node> items(Node root, String name) {
        List<Node> items = new ArrayList<>(root.children(name));
        for (Node channel : root.children("channel")) {
            items.addAll(channel.children(name));
        }
        return items;
    }

    private static Item item(Node item, boolean atom, URI feedBase) {
        URI base = item.base(feedBase);
        String guid = blankToNull(atom ? item.text("id") : item.text("guid"));
        if (guid == null) {
            guid = blankToNull(item.attribute(RDF, "about"));
        }
        String link = atom ? atomLink(item, base) : rssLink(item, base);
        // A permalink guid is a URL as written (RSS 2.0); one that is not ("js-1") names no page, even resolved.
        if (link == null && !atom && guid != null && !"false".equalsIgnoreCase(
                item.child("guid") == null ? null : item.child("guid").attribute(null, "isPermaLink"))) {
            link = absolute(null, guid);
        }
        String summary = summary(item, atom);
        String title = text(item.child("title"), atom);
        if (title == null) {
            title = summary != null ? NewArticle.shortened(summary, 100) : link;
        }
        Instant date = firstDate(item, "pubDate", "published", "issued", "date", "updated", "modified", "created");
        return new Item(guid == null ? null : guid.strip(), title, summary, link, author(item), date,
                categories(item));
    }

    private static String rssLink(Node item, URI base) {
        for (Node link : item.children("link")) {
            if (link.namespace == null || !link.namespace.contains("Atom")) {
                String href = absolute(link.base(base), link.allText());
                if (href != null) {
                    return href;
                }
            }
        }
        return atomLink(item, base);
    }

    /** The link to the story itself: {@code rel="alternate"} (or no rel), preferring an HTML one. */
    private static String atomLink(Node item, URI base) {
        String found = null;
        for (Node link : item.children("link")) {
            String rel = link.attribute(null, "rel");
            String href = link.attribute(null, "href");
            if (href == null || rel != null && !rel.equals("alternate")) {
                continue;
            }
            String absolute = absolute(link.base(base), href);
            String type = link.attribute(null, "type");
            if (absolute != null && (found == null || type != null && type.contains("html"))) {
                found = absolute;
            }
        }
        return found;
    }

    /** The link made absolute, or null when it is none: not http(s), or relative with nothing to resolve it by. */
    private static String absolute(URI base, String link) {
        String written = blankToNull(link);
        if (written == null) {
            return null;
        }
        try {
            URI uri = new URI(NewArticle.asciiAddress(written.strip().replace(" ", "%20")));
            if (!uri.isAbsolute()) {
                if (base == null || !base.isAbsolute()) {
                    return null;
                }
                uri = resolved(base, uri);
            }
            // A base that takes no relative links (xml:base="urn:x", "mailto:…") leaves one as it was: no page.
            if (!uri.isAbsolute()) {
                return null;
            }
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            // A link too long to store is left out like any other unusable one, rather than the story with it.
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
                    && uri.toString().length() <= NewArticle.MAX_URL ? uri.toString() : null;
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * The reference resolved against the base as RFC 3986 (§5.2.4) does: {@link URI#resolve} keeps the {@code ..}
     * segments that climb above the root ({@code /../stories}), which a browser drops.
     */
    private static URI resolved(URI base, URI reference) throws URISyntaxException {
        URI uri = base.resolve(reference);
        String path = uri.getRawPath();
        if (uri.isOpaque() || uri.getRawAuthority() == null || path == null) {
            return uri;
        }
        String climbed = path;
        while (climbed.equals("/..") || climbed.startsWith("/../")) {
            climbed = climbed.substring(3).isEmpty() ? "/" : climbed.substring(3);
        }
        return climbed.equals(path) ? uri : new URI(uri.getScheme() + "://" + uri.getRawAuthority() + climbed
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                + (uri.getRawFragment() == null ? "" : "#" + uri.getRawFragment()));
    }

    /** The first of: the description or summary, {@code content:encoded}, Atom content, {@code media:description}. */
    private static String summary(Node item, boolean atom) {
        List<Node> sources = new ArrayList<>();
        sources.add(item.child("description"));
        sources.add(item.child("summary"));
        sources.add(item.child(CONTENT, "encoded"));
        sources.add(item.child("content"));
        sources.add(item.descendant(MEDIA, "description"));
        for (Node source : sources) {
            String text = source == null ? null
                    : source.namespace != null && source.namespace.equals(CONTENT) ? html(source.allText())
                    : text(source, atom || source.name.equals("content") || source.name.equals("summary"));
            if (text != null) {
                return NewArticle.shortened(text, MAX_SUMMARY);
            }
        }
        return null;
    }

    private static String author(Node item) {
        Node author = item.child("author");
        if (author != null) {
            String name = author.text("name");
            return blankToNull(name != null ? name : author.allText());
        }
        return blankToNull(item.text(DC, "creator"));
    }

    private static List<String> categories(Node item) {
        List<String> categories = new ArrayList<>();
        for (Node category : item.children("category")) {
            String term = category.attribute(null, "term");
            categories.add(term != null ? term : category.allText());
        }
        for (Node subject : item.children("subject")) {
            categories.add(subject.allText());
        }
        return categories.stream().map(FeedReader::blankToNull).filter(Objects::nonNull).map(String::strip)
                .toList();
    }

    /** The story's date: when it was published, else when it was last updated, the first of them that can be read. */
    private static Instant firstDate(Node item, String... names) {
        for (String name : names) {
            Instant date = FeedDates.parse(item.text(name));
            if (date != null) {
                return date;
            }
        }
        return null;
    }

    /**
     * A text construct as a reader sees it. Atom says how it is written ({@code type} text, html or xhtml; Atom 0.3
     * a MIME type and {@code mode} escaped or base64); RSS does not, so RSS text is HTML only when it looks like it.
     * Plain text stays as written: {@code a&lt;b and c&gt;d} is "a<b and c>d".
     */
    private static String text(Node node, boolean atom) {
        if (node == null) {
            return null;
        }
        String value = node.allText();
        String mode = node.attribute(null, "mode");
        if ("base64".equalsIgnoreCase(mode)) {
            try {
                value = new String(Base64.getMimeDecoder().decode(value.strip()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        String type = node.attribute(null, "type");
        type = type == null ? "" : type.toLowerCase(Locale.ROOT);
        boolean html = type.equals("html") || type.contains("html") && !type.contains("xhtml")
                || "escaped".equalsIgnoreCase(mode) || !atom && LOOKS_LIKE_HTML.matcher(value).find();
        return html ? html(value) : plain(value);
    }

    private static String html(String html) {
        return blankToNull(html) == null ? null : blankToNull(Jsoup.parse(html).text());
    }

    private static String plain(String text) {
        return blankToNull(text) == null ? null : SPACE.matcher(text).replaceAll(" ").strip();
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    // --- the document

    /**
     * Text from bytes, without what precedes the prolog: in the encoding its BOM names, else the one its server
     * names, else the one its prolog names (UTF-8 by default), as RFC 7303 orders them. A charset Java does not know
     * is passed over.
     */
    private static String decode(byte[] document, String charset) throws FeedUnreadable {
        if (known(charset) && !startsWithBom(document)) {
            try {
                return Charset.forName(charset).newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(document)).toString()
                        .replaceFirst("^\\s+", "");
            } catch (CharacterCodingException e) {
                throw unreadable("it holds bytes that are not valid " + charset + ", the encoding its server names",
                        e);
            }
        }
        int start = 0;
        while (start < document.length && (document[start] == ' ' || document[start] == '\t'
                || document[start] == '\r' || document[start] == '\n')) {
            start++;
        }
        if (start == 0 && document.length >= 3 && (document[0] & 0xff) == 0xef && (document[1] & 0xff) == 0xbb
                && (document[2] & 0xff) == 0xbf) {
            start = 3;
            while (start < document.length && Character.isWhitespace(document[start])) {
                start++;
            }
        }
        String encoding;
        try (XmlReader xml = new XmlReader(new ByteArrayInputStream(document, start, document.length - start))) {
            encoding = xml.getEncoding();
        } catch (UnsupportedEncodingException | UnsupportedCharsetException | IllegalCharsetNameException e) {
            // Said as such: the exception's own word for it was the encoding's name alone ("…feed: BOGUS-ENC"; QA,
            // 7 December).
            throw unreadable("its prolog names an encoding Dispatch cannot read (" + e.getMessage()
                    + "); UTF-8 can write any feed", e);
        } catch (IOException | IllegalArgumentException e) {
            throw unreadable(e.getMessage(), e);
        }
        // Decoded here, not by the reader that found the encoding: it put U+FFFD for bytes not valid in it, and a
        // feed of Latin-1 bytes under a UTF-8 prolog gave stories titled "Caf\uFFFD cr\uFFFDme" (QA, 7 December).
        try {
            return Charset.forName(encoding).newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(document, start, document.length - start)).toString()
                    .replaceFirst("^[\\s\\uFEFF]+", "");
        } catch (CharacterCodingException e) {
            throw unreadable("it holds bytes that are not valid " + encoding + ", the encoding it is read in (the one"
                    + " its prolog names, or UTF-8 where it names none)", e);
        }
    }

    private static boolean known(String charset) {
        try {
            return charset != null && Charset.isSupported(charset);
        } catch (IllegalCharsetNameException e) {
            return false;
        }
    }

    private static boolean startsWithBom(byte[] document) {
        return document.length >= 2 && ((document[0] & 0xff) == 0xfe && (document[1] & 0xff) == 0xff
                || (document[0] & 0xff) == 0xff && (document[1] & 0xff) == 0xfe
                || document.length >= 3 && (document[0] & 0xff) == 0xef && (document[1] & 0xff) == 0xbb
                && (document[2] & 0xff) == 0xbf);
    }

    /** An element: its name, attributes, text and children, and the {@code xml:base} it sets, if any. */
    private static final class Node {

        final String namespace;
        final String name;
        final Map<String, String> attributes = new HashMap<>();
        final List<Node> children = new ArrayList<>();
        /** Text and child elements in document order. */
        final List<Object> content = new ArrayList<>();
        Node parent;

        Node(String namespace, String name) {
            this.namespace = namespace == null || namespace.isEmpty() ? null : namespace;
            this.name = name;
        }

        String attribute(String namespace, String name) {
            return attributes.get(namespace == null ? name : namespace + " " + name);
        }

        /** The base this element's relative links resolve against: its xml:base chain, down from the feed's URL. */
        URI base(URI outer) {
            Deque<String> bases = new ArrayDeque<>();
            for (Node node = this; node != null; node = node.parent) {
                String base = node.attribute(XML, "base");
                if (base != null) {
                    bases.push(base.strip());
                }
            }
            URI base = outer;
            for (String written : bases) {
                try {
                    URI uri = new URI(NewArticle.asciiAddress(written.replace(" ", "%20")));
                    base = uri.isAbsolute() ? uri : base == null ? uri : resolved(base, uri);
                } catch (URISyntaxException | IllegalArgumentException e) {
                    // An unreadable base leaves the outer one.
                }
            }
            return base;
        }

        /** The first child of this name, but Media RSS's: its title, content and description are a medium's. */
        Node child(String name) {
            return children(name).stream().findFirst().orElse(null);
        }

        Node child(String namespace, String name) {
            return children.stream().filter(child -> child.name.equals(name)
                    && namespace.equals(child.namespace)).findFirst().orElse(null);
        }

        /** The first element of this name anywhere inside, as {@code media:group} nests its description. */
        Node descendant(String namespace, String name) {
            Deque<Node> open = new ArrayDeque<>(children);
            while (!open.isEmpty()) {
                Node node = open.removeFirst();
                if (node.name.equals(name) && namespace.equals(node.namespace)) {
                    return node;
                }
                open.addAll(node.children);
            }
            return null;
        }

        List<Node> children(String name) {
            return children.stream().filter(child -> child.name.equals(name) && !MEDIA.equals(child.namespace))
                    .toList();
        }

        String text(String name) {
            Node child = child(name);
            return child == null ? null : child.allText();
        }

        String text(String namespace, String name) {
            Node child = child(namespace, name);
            return child == null ? null : child.allText();
        }

        /** All the text inside, in document order (the text of XHTML content, the value of a plain element). */
        String allText() {
            StringBuilder all = new StringBuilder();
            Deque<Object> open = new ArrayDeque<>(content);
            while (!open.isEmpty()) {
                Object next = open.removeFirst();
                if (next instanceof Node node) {
                    for (int i = node.content.size() - 1; i >= 0; i--) {
                        open.addFirst(node.content.get(i));
                    }
                } else {
                    all.append(next);
                }
            }
            return all.toString();
        }

        void append(String text) {
            if (!content.isEmpty() && content.get(content.size() - 1) instanceof StringBuilder last) {
                last.append(text);
            } else {
                content.add(new StringBuilder(text));
            }
        }
    }

    /**
     * The document as elements, in one streaming pass linear in its size: no DTD loaded, no declared entity
     * accepted, nothing nested deeper than {@link #MAX_DEPTH}.
     */
    private static Node parse(String text) throws FeedUnreadable {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        XMLStreamReader xml = null;
        try {
            xml = factory.createXMLStreamReader(new StringReader(text));
            Node root = null;
            Node current = null;
            int depth = 0;
            while (xml.hasNext()) {
                int event = xml.next();
                switch (event) {
                    case XMLStreamConstants.START_ELEMENT -> {
                        if (++depth > MAX_DEPTH) {
                            throw unreadable("elements nested more than " + MAX_DEPTH + " levels deep", null);
                        }
                        Node node = new Node(xml.getNamespaceURI(), xml.getLocalName());
                        for (int i = 0; i < xml.getAttributeCount(); i++) {
                            String namespace = xml.getAttributeNamespace(i);
                            node.attributes.put((namespace == null || namespace.isEmpty() ? ""
                                    : namespace + " ") + xml.getAttributeLocalName(i), xml.getAttributeValue(i));
                        }
                        if (current == null) {
                            root = node;
                        } else {
                            node.parent = current;
                            current.children.add(node);
                            current.content.add(node);
                        }
                        current = node;
                    }
                    case XMLStreamConstants.END_ELEMENT -> {
                        depth--;
                        current = current.parent;
                    }
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                        if (current != null) {
                            current.append(xml.getText());
                        }
                    }
                    case XMLStreamConstants.ENTITY_REFERENCE -> {
                        if (current != null) {
                            current.append(entity(xml.getLocalName()));
                        }
                    }
                    default -> {
                        // Comments and processing instructions say nothing a reader sees.
                    }
                }
            }
            if (root == null) {
                throw unreadable("the document is empty", null);
            }
            return root;
        } catch (XMLStreamException e) {
            throw unreadable(inWords(e), e);
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

    /**
     * A DOCTYPE is a declaration, read as nothing more (Netscape's RSS 0.91 DOCTYPE is common): its DTD is never
     * fetched. One that declares entities is refused, as they could only reach files or multiply. (The parser does
     * not show the declarations when it does not read DTDs, so they are looked for in the text.)
     */
    private static void checkDoctype(String text) throws FeedUnreadable {
        Matcher doctype = DOCTYPE.matcher(text);
        if (doctype.lookingAt() && doctype.group(1) != null && doctype.group(1).contains("<!ENTITY")) {
            throw unreadable("its DOCTYPE declares entities, which are never expanded (they could reach files or"
                    + " multiply)", null);
        }
    }

    /** HTML's named entities, as RSS 0.91 feeds use them; any other name stays as written. */
    private static String entity(String name) {
        String character = Entities.getByName(name);
        return character.isEmpty() ? "&" + name + ";" : character;
    }

    /**
     * The parser's complaint as an editor can read it: where it is, and what it means, rather than the parser's own
     * words ("ParseError at [row,col]:[1,1] Message: Content is not allowed in prolog.").
     */
    static String inWords(XMLStreamException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        String said = message.replaceFirst("(?s)^.*Message:\\s*", "").strip();
        String where = e.getLocation() == null || e.getLocation().getLineNumber() < 0 ? ""
                : " (line " + e.getLocation().getLineNumber() + ")";
        if (said.contains("not allowed in prolog")) {
            return "it does not start as XML does: there is text before its first tag" + where;
        }
        if (said.contains("must be terminated by the matching end-tag") || said.contains("must start and end within")
                || said.contains("XML document structures must")) {
            return "it is cut off or a tag is not closed" + where;
        }
        if (said.contains("Premature end of file") || said.contains("Unexpected EOF")) {
            return "it ends before its last tag is closed" + where;
        }
        if (said.contains("Invalid byte") || said.contains("invalid XML character") || said.contains("Invalid UTF-8")) {
            return "it holds characters that are not valid in its encoding" + where;
        }
        if (said.contains("was referenced, but not declared")) {
            return "it uses an entity that is not declared (&name;)" + where;
        }
        return "its XML is broken" + where + ": " + said.replaceAll("\\s+", " ");
    }

    private static FeedUnreadable unreadable(String why, Exception cause) {
        return new FeedUnreadable("not a readable RSS or Atom feed: "
                + (why == null ? cause.getClass().getSimpleName() : why.replaceAll("\\s+", " ").strip()), cause);
    }
}
