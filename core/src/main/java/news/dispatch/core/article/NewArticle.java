package news.dispatch.core.article;

import java.net.IDN;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import news.dispatch.core.InvalidInput;
import news.dispatch.core.net.DomainNames;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.safety.Safelist;
import news.dispatch.core.tag.Tag;

/**
 * An article as an editor or a feed hands it in, checked on construction: a title of 1–300 characters, 1–20
 * distinct tags, an absolute http(s) url when there is one. {@code publishedAt} {@code null} means now. Its title and
 * author are one line without control characters, its summary keeps its line breaks ({@code \n}) and no other
 * control character.
 */
public record NewArticle(String title, String summary, String body, String author, URI url, Instant publishedAt,
                         List<Tag> tags) {

    public static final int MAX_TITLE = 300;
    public static final int MAX_SUMMARY = 2_000;
    public static final int MAX_AUTHOR = 200;
    public static final int MAX_URL = 2_000;
    public static final int MAX_BODY = 200_000;
    public static final int MAX_TAGS = 20;
    private static final int EARLIEST_YEAR = 1900;
    private static final int LATEST_YEAR = 9999;

    /** An absolute address in three parts: its scheme and {@code //}, its authority, the rest. */
    private static final Pattern SCHEME_AUTHORITY_REST = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)([^/?#]*)(.*)",
            Pattern.DOTALL);
    private static final String DEVIATION_REASON = "a domain with ß or ς";
    /**
     * Control characters (C0, DEL, C1) and the Unicode line and paragraph separators, with the blanks around them:
     * they reached pages and the text of emails as raw bytes (a terminal's escape, a bell, a NUL), and a line break
     * split a title in two (QA, 7 December).
     */
    private static final Pattern ESCAPE = Pattern.compile("%([0-9A-Fa-f]{2})");
    private static final Pattern CONTROLS = Pattern.compile("\\s*[\\x00-\\x1F\\x7F-\\x9F\\u2028\\u2029]+\\s*");
    /** A line break however it was written: CRLF from a browser's textarea, CR, NEL, the Unicode separators. */
    private static final Pattern LINE_BREAK = Pattern.compile("\\r\\n|[\\r\\u0085\\u2028\\u2029]");
    /** Control characters but the line feed, with the blanks beside them on the same line. */
    private static final Pattern CONTROLS_BUT_LF =
            Pattern.compile("[ \\t]*[\\x00-\\x09\\x0B-\\x1F\\x7F-\\x9F]+[ \\t]*");

    private static final Safelist BODY_HTML = Safelist.relaxed()
            .addEnforcedAttribute("a", "rel", "nofollow noopener");

    public NewArticle {
        title = required("title", oneLine(title), MAX_TITLE);
        summary = optional("summary", lines(summary), MAX_SUMMARY);
        body = sanitised(optional("body", body, MAX_BODY));
        author = optional("author", oneLine(author), MAX_AUTHOR);
        checkUrl(url);
        checkTime(publishedAt);
        tags = distinct(tags);
    }

    /**
     * A time of four-digit years: one such as {@code +999999-01-01T00:00:00Z} was taken, shown as "1 Jan +999999" and
     * held the story back for good (QA, 7 December).
     */
    private static void checkTime(Instant publishedAt) {
        if (publishedAt == null) {
            return;
        }
        int year = publishedAt.atOffset(ZoneOffset.UTC).getYear();
        if (year < EARLIEST_YEAR || year > LATEST_YEAR) {
            throw new InvalidInput("publishedAt", "publishedAt must be a time between the years " + EARLIEST_YEAR
                    + " and " + LATEST_YEAR);
        }
    }

    /** Parses a url as a client sent it, with an answer a person can act on when it is not one. */
    public static URI parseUrl(String url) {
        if (url == null || url.isBlank()) {
            return null;
        }
        try {
            URI parsed = new URI(asciiAddress(url.strip()));
            checkUrl(parsed);
            return normalized(parsed);
        } catch (URISyntaxException e) {
            if (DEVIATION_REASON.equals(e.getReason())) {
                throw new InvalidInput("url", "url's domain holds ß or ς, which the two standards for international "
                        + "domain names read differently: write the domain in its xn-- form");
            }
            // The parser's reason ("Illegal character in authority at index 8") is for programmers.
            throw new InvalidInput("url",
                    "url is not a web address: write it whole, such as https://news.example/story, with no blanks");
        }
    }

    /**
     * A web address as people write it, in the form {@link URI} and mail take: an international domain in IDNA's ASCII
     * form ({@code bücher.example} is {@code xn--bcher-kva.example}), letters beyond ASCII elsewhere percent-encoded
     * as UTF-8; an address all in ASCII as it is. {@link URI} alone reads such a domain as no host at all, so the
     * story of a newsroom at {@code https://bücher.example/} was refused (QA, 7 December). A domain with ß or ς is
     * refused, as readers' addresses are: the two IDNA standards make two different domains of it.
     *
     * @throws URISyntaxException when the domain is not a domain name, or the rest no address
     */
    public static String asciiAddress(String written) throws URISyntaxException {
        if (written.chars().allMatch(c -> c < 128)) {
            return written;
        }
        Matcher parts = SCHEME_AUTHORITY_REST.matcher(written);
        if (!parts.matches()) {
            return new URI(written).toASCIIString();
        }
        String authority = parts.group(2);
        int at = authority.lastIndexOf('@');
        int colon = authority.lastIndexOf(':');
        int hostEnd = colon > at && authority.substring(colon + 1).chars().allMatch(Character::isDigit) ? colon
                : authority.length();
        String host = authority.substring(at + 1, hostEnd);
        if (host.chars().anyMatch(c -> c >= 128)) {
            if (DomainNames.readTwoWays(host)) {
                throw new URISyntaxException(written, DEVIATION_REASON);
            }
            try {
                host = IDN.toASCII(host, IDN.USE_STD3_ASCII_RULES);
            } catch (IllegalArgumentException e) {
                throw new URISyntaxException(written, "not a domain name");
            }
        }
        return new URI(parts.group(1) + authority.substring(0, at + 1) + host + authority.substring(hostEnd)
                + parts.group(3)).toASCIIString();
    }

    /**
     * The address as one page has it however written: scheme and domain in lower case (as DNS and browsers read
     * them), the scheme's own port left out. {@code HTTP://EXAMPLE.com:80/Up} was a story apart from
     * {@code http://example.com/Up} (QA, 7 December); the path, whose case a server may read, stays as written.
     */
    private static URI normalized(URI written) throws URISyntaxException {
        // RFC 3986's equivalences too (6.2.2): "." and ".." segments, and letters or digits written %XX.
        URI url = written.normalize();
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        int port = url.getPort();
        if (port == 0 || port > 65_535) {
            throw new InvalidInput("url", "url's port must be between 1 and 65535");
        }
        boolean ownPort = port == -1 || port == 80 && scheme.equals("http") || port == 443 && scheme.equals("https");
        String address = scheme + "://" + (url.getRawUserInfo() == null ? "" : url.getRawUserInfo() + "@")
                + url.getHost().toLowerCase(Locale.ROOT) + (ownPort ? "" : ":" + port)
                + (url.getRawPath() == null ? "" : unreserved(url.getRawPath()))
                + (url.getRawQuery() == null ? "" : "?" + unreserved(url.getRawQuery()))
                + (url.getRawFragment() == null ? "" : "#" + url.getRawFragment());
        return address.equals(written.toString()) ? written : new URI(address);
    }

    /** The escapes of characters that need none (letters, digits, {@code -._~}) written as those characters. */
    private static String unreserved(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        Matcher escape = ESCAPE.matcher(raw);
        StringBuilder out = new StringBuilder(raw.length());
        while (escape.find()) {
            char c = (char) Integer.parseInt(escape.group(1), 16);
            boolean plain = c < 128 && (Character.isLetterOrDigit(c) || "-._~".indexOf(c) >= 0);
            escape.appendReplacement(out, plain ? Matcher.quoteReplacement(String.valueOf(c))
                    : "%" + escape.group(1).toUpperCase(Locale.ROOT));
        }
        escape.appendTail(out);
        return out.toString();
    }

    private static void checkUrl(URI url) {
        if (url == null) {
            return;
        }
        String scheme = url.getScheme();
        if (!url.isAbsolute() || url.getHost() == null
                || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
            throw new InvalidInput("url", "url must be an absolute http or https address");
        }
        if (url.toString().length() > MAX_URL) {
            throw new InvalidInput("url", "url must be at most " + MAX_URL + " characters");
        }
    }

    /**
     * The text as a title or author is stored: each run of control characters and line breaks, with the blanks around
     * it, one space. Cleaned rather than refused because feeds hand their titles in through here too.
     */
    public static String oneLine(String text) {
        return text == null ? null : CONTROLS.matcher(text).replaceAll(" ");
    }

    /**
     * A feed's summary as its story stores it: cut to {@link #MAX_SUMMARY} as people count characters, its controls
     * cleaned, stripped; null for none. What a feed's next poll compares with what it gave before.
     */
    public static String feedSummary(String written) {
        String summary = written == null ? null : lines(shortened(written, MAX_SUMMARY));
        return summary == null || summary.isBlank() ? null : summary.strip();
    }

    /** The text as a summary is stored: its line breaks as {@code \n}, every other control character a space. */
    private static String lines(String text) {
        if (text == null) {
            return null;
        }
        return CONTROLS_BUT_LF.matcher(LINE_BREAK.matcher(text).replaceAll("\n")).replaceAll(" ");
    }

    /**
     * Keeps the formatting of an article's HTML (paragraphs, emphasis, lists, links, tables, images) and drops
     * everything that can run or restyle a page: scripts, event handlers, styles, frames, {@code javascript:} links.
     */
    private static String sanitised(String body) {
        if (body == null) {
            return null;
        }
        Document.OutputSettings compact = new Document.OutputSettings().prettyPrint(false);
        return Jsoup.clean(body, "", BODY_HTML, compact);
    }

    private static List<Tag> distinct(List<Tag> tags) {
        if (tags == null || tags.isEmpty()) {
            throw new InvalidInput("tags", "an article needs at least one tag");
        }
        Map<Object, Tag> byKey = new LinkedHashMap<>();
        tags.forEach(tag -> byKey.putIfAbsent(tag.key(), tag));
        if (byKey.size() > MAX_TAGS) {
            throw new InvalidInput("tags", "an article has at most " + MAX_TAGS + " tags");
        }
        return List.copyOf(byKey.values());
    }

    private static String required(String field, String value, int max) {
        String text = optional(field, value, max);
        if (text == null) {
            throw new InvalidInput(field, field + " must not be blank");
        }
        return text;
    }

    private static String optional(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.strip();
        if (text.codePointCount(0, text.length()) > max) {
            throw new InvalidInput(field, field + " must be at most " + max + " characters");
        }
        return text;
    }

    /**
     * The text cut to at most {@code max} characters as people count them (code points: an emoji is one, where Java
     * counts two), ending in an ellipsis when cut, and never between the two halves of one.
     */
    public static String shortened(String text, int max) {
        if (text == null || text.codePointCount(0, text.length()) <= max) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, max - 1)) + "…";
    }
}
