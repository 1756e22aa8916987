package news.dispatch.mailer.smtp;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.Map;

import gg.jte.Content;
import gg.jte.TemplateOutput;
import gg.jte.html.OwaspHtmlTemplateOutput;
import jakarta.mail.Address;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MailDateFormat;
import jakarta.mail.internet.MimeUtility;

import news.dispatch.mailer.dkim.DkimSigner;
import news.dispatch.mailer.letter.Body;
import news.dispatch.mailer.letter.Email;
import news.dispatch.mailer.letter.Passage;

/**
 * Writes the one shape of message Dispatch sends — headers, then {@code multipart/alternative} with a plain-text and
 * an HTML part, both UTF-8 in quoted-printable — straight into a byte buffer it reuses.
 *
 * <p>Why not {@code MimeMessage}: building one and calling {@code saveChanges} scans every part to choose its
 * encoding, and writing it pushes each byte through a chain of streams (quoted-printable, CRLF, ASCII checks).
 * For a 50 KB digest that was most of the CPU of sending one. The shape here is fixed, so the choice is made once:
 * quoted-printable is 7-bit safe for any SMTP server, and for mostly-ASCII text it is barely larger than the text.
 * Headers are encoded by Jakarta Mail's own {@link MimeUtility}, as before, but the subject, whose encoded words are
 * written here. Not thread-safe: one per connection.
 */
final class MimeWriter {

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    /** Quoted-printable lines hold at most 76 characters, the soft break's {@code =} included. */
    private static final int LINE = 75;
    /** How quoted-printable writes each ASCII character: as it is, {@code =XX}, as it is unless it ends a line. */
    private static final byte LITERAL = 0;
    private static final byte ESCAPED = 1;
    private static final byte BLANK = 2;
    /** A line break, or {@code \r} that is one with the {@code \n} after it and escaped alone. */
    private static final byte BREAK = 3;
    /** A dot, escaped when it would begin a line: then no line of a part needs SMTP's dot-stuffing. */
    private static final byte DOT = 4;
    private static final byte[] ASCII = new byte[0x80];
    /**
     * Written as it is anywhere but at a line's start: printable ASCII but {@code =}. One lookup for any character,
     * without asking first whether it is ASCII: the JIT drops the bounds check of a char index into this constant
     * array of 64 K entries, and the run of plain characters took a fifth less time (a digest written 20,000 times,
     * one thread: 36 µs a message instead of 45–52).
     */
    private static final boolean[] PLAIN = new boolean[0x10000];

    static {
        for (int c = 0; c < 0x80; c++) {
            ASCII[c] = c >= 33 && c <= 126 && c != '=' ? LITERAL : ESCAPED;
        }
        ASCII[' '] = BLANK;
        ASCII['\t'] = BLANK;
        ASCII['\n'] = BREAK;
        ASCII['\r'] = BREAK;
        ASCII['.'] = DOT;
        for (int c = 0; c < 0x80; c++) {
            PLAIN[c] = ASCII[c] == LITERAL || ASCII[c] == DOT;
        }
    }
    private static final byte[] NO_SIGNATURE = new byte[0];
    /** In every boundary; {@code =} is never literal in quoted-printable, and 8bit is not used for a text holding it. */
    private static final String BOUNDARY_MARK = "=_Dispatch_";
    /** RFC 5322 §2.1.1: a line holds at most 998 octets, its CRLF aside. */
    private static final int MAX_LINE = 998;
    /** An encoded word's bytes: 52 characters of base64, 64 with {@code =?UTF-8?B?} and {@code ?=}. */
    private static final int WORD_BYTES = 39;
    private static final String STREAM_PROVIDER = "jakarta.mail.util.StreamProvider";

    static {
        // Without it, Jakarta Mail looks its stream provider up through ServiceLoader for every header it encodes
        // (jakartaee/mail-api#861): about a fifth of the CPU of sending.
        if (System.getProperty(STREAM_PROVIDER) == null) {
            System.setProperty(STREAM_PROVIDER, "org.eclipse.angus.mail.util.MailStreamProvider");
        }
    }

    private final MailDateFormat dates = new MailDateFormat();
    /** The Date header of the second last written: messages of the same second share it. */
    private long dateSecond = Long.MIN_VALUE;
    private String dateHeader;
    private final String fromHeader;
    private byte[] bytes = new byte[128 * 1024];
    private char[] chars = new char[64 * 1024];
    private final PartText partText = new PartText();
    private int size;
    /** The DKIM-Signature fields of the message last written, which go before it; none when unsigned. */
    private byte[] signature = NO_SIGNATURE;
    /** Where the lines of the message last written that may begin with a dot end: past it, none does. */
    private int dotsEnd;
    /**
     * Where the first thing DKIM's relaxed canonicalisation would change in the body of the message last written can
     * lie (a tab, a run of blanks), so the signer need not scan the bytes before it; past the end when there is none.
     */
    private int unchangedTo;
    /** Whether a part of the message last written is in 8bit, which its envelope must say. */
    private boolean eightBit;
    private long boundaries;

    MimeWriter(InternetAddress from) {
        // Made again from its parts: an address parsed from text keeps its name as typed, non-ASCII and all.
        InternetAddress encoded = from;
        if (from.getPersonal() != null) {
            try {
                encoded = new InternetAddress(from.getAddress(), from.getPersonal(), StandardCharsets.UTF_8.name());
            } catch (UnsupportedEncodingException e) {
                throw new IllegalStateException("UTF-8 is always supported", e);
            }
        }
        this.fromHeader = InternetAddress.toString(new Address[] {encoded}, "From: ".length());
    }

    /**
     * Writes the message into the buffer, replacing the one before.
     *
     * @param eightBitAllowed the server takes 8bit bodies (8BITMIME) and the message is not to be signed: each part
     *        goes as its UTF-8, unless 8bit cannot carry it; otherwise every part is quoted-printable
     * @return the recipient, for the envelope
     * @throws AddressException the recipient is not an address
     */
    InternetAddress write(Email email, String messageId, Date date, boolean eightBitAllowed)
            throws AddressException, UnsupportedEncodingException {
        size = 0;
        signature = NO_SIGNATURE;
        eightBit = false;
        InternetAddress to = new InternetAddress(email.to(), true);
        // The boundary holds "=_", which quoted-printable never writes ('=' is always "=3D" or a soft break), and
        // a part whose text holds BOUNDARY_MARK is never sent in 8bit.
        String boundary = "----" + BOUNDARY_MARK + (++boundaries) + "_" + Integer.toHexString(messageId.hashCode());
        header("Date", dated(date));
        header("From", fromHeader);
        header("To", InternetAddress.toString(new Address[] {to}, "To: ".length()));
        header("Message-ID", messageId);
        header("Subject", subject(email.subject()));
        if (email.language() != null) {
            header("Content-Language", email.language());
        }
        for (Map.Entry<String, String> extra : email.headers().entrySet()) {
            header(extra.getKey(), folded(extra.getKey(),
                    MimeUtility.encodeText(extra.getValue(), StandardCharsets.UTF_8.name(), null)));
        }
        header("MIME-Version", "1.0");
        header("Content-Type", "multipart/alternative; \r\n\tboundary=\"" + boundary + "\"");
        ascii("\r\n");
        dotsEnd = size;
        unchangedTo = Integer.MAX_VALUE;
        part(boundary, "text/plain", email.textBody(), eightBitAllowed);
        part(boundary, "text/html", email.htmlBody(), eightBitAllowed);
        ascii("--" + boundary + "--\r\n");
        return to;
    }

    private String dated(Date date) {
        long second = Math.floorDiv(date.getTime(), 1000);
        if (second != dateSecond) {
            dateHeader = dates.format(date);
            dateSecond = second;
        }
        return dateHeader;
    }

    /** Whether a part of the message last written is in 8bit: its {@code MAIL FROM} then says BODY=8BITMIME. */
    boolean eightBit() {
        return eightBit;
    }

    /**
     * Signs the message last written, over exactly the bytes that go on the wire; its signature fields go before it.
     *
     * @param date the message's Date, the signing time
     */
    void sign(DkimSigner signer, Date date) {
        signature = signer.sign(bytes, size, unchangedTo, date.getTime() / 1000);
    }

    /** The message last written, its signature fields first, in two writes at most. */
    void copyTo(OutputStream out) throws IOException {
        if (signature.length > 0) {
            out.write(signature);
        }
        out.write(bytes, 0, size);
    }

    /**
     * The message last written, its signature fields first, as SMTP's DATA carries it: a line that starts with a dot
     * gets a second one (RFC 5321 §4.5.2), which the receiving server takes away again. Written in as few pieces as
     * there are such lines, straight from the buffer; the lines already end in CRLF. Only the headers are looked
     * through, unless an 8bit part has such a line: the parts' lines begin with a boundary's dashes or with
     * quoted-printable, which writes a dot that would begin a line as {@code =2E}, and a 50 KB digest's bytes need not
     * be scanned a second time.
     */
    void writeData(OutputStream out) throws IOException {
        stuffed(signature, signature.length, out);
        stuffed(bytes, dotsEnd, out);
        out.write(bytes, dotsEnd, size - dotsEnd);
    }

    private static void stuffed(byte[] message, int length, OutputStream out) throws IOException {
        int from = 0;
        for (int dot = lineDot(message, 0, length); dot < length; dot = lineDot(message, dot + 1, length)) {
            out.write(message, from, dot - from);
            out.write('.');
            from = dot;
        }
        out.write(message, from, length - from);
    }

    /**
     * Where the next line that starts with a dot does, from {@code from} on; {@code length} for none. The look runs
     * over every byte of a message's header, apart from the writes: in one method with them, the JIT compiled the
     * socket's write path three times for it (JFR, a freshly started jar, 5 December 2026).
     */
    private static int lineDot(byte[] message, int from, int length) {
        for (int at = from; at < length; at++) {
            if (message[at] == '.' && (at == 0 || message[at - 1] == '\n')) {
                return at;
            }
        }
        return length;
    }

    /** The message last written, as text; for tests. */
    String written() {
        return new String(signature, StandardCharsets.US_ASCII)
                + new String(bytes, 0, size, StandardCharsets.UTF_8);
    }

    private void part(String boundary, String type, Body content, boolean eightBitAllowed) {
        String head = "--" + boundary + "\r\nContent-Type: " + type + "; charset=UTF-8\r\nContent-Transfer-Encoding: ";
        int length = partText.write(content, type.equals("text/html"));
        int start = size;
        if (eightBitAllowed) {
            ascii(head + "8bit\r\n\r\n");
            int text = size;
            if (eightBitText(length)) {
                // Text as it is may hold anything canonicalisation changes; signed mail is never 8bit in any case.
                unchangedTo = Math.min(unchangedTo, text);
                eightBit = true;
                ascii("\r\n");
                return;
            }
            size = start;
        }
        ascii(head + "quoted-printable\r\n\r\n");
        quotedPrintable(length);
        ascii("\r\n");
    }

    /**
     * The subject, encoded for a header when it is not plain ASCII: text shaped like an RFC 2047 encoded word
     * ("=?UTF-8?Q?...=0D=0ABcc:...?=") would be decoded by the reader's mail client, line breaks and all, so such a
     * subject is encoded as a whole too, and reads as the editor typed it.
     */
    private static String subject(String subject) {
        return subject.contains("=?") || !plainAscii(subject) ? encodedWords(subject) : folded("Subject", subject);
    }

    /** What Jakarta Mail's {@code encodeText} leaves as it is: printable ASCII and tabs. */
    private static boolean plainAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x7F || c < ' ' && c != '\t') {
                return false;
            }
        }
        return true;
    }

    /**
     * The text as RFC 2047 encoded words (base64, UTF-8), folded one per line. Each word carries at most 39 bytes,
     * whole characters only, so that no line, {@code Subject: } and the first word included, is longer than 76
     * characters. Written here rather than by Jakarta Mail's {@code encodeText}, which makes a stream, an encoder and
     * their buffers for every word: 1.7% of a signing worker's CPU in a digest with an accented title.
     */
    private static String encodedWords(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        Base64.Encoder base64 = Base64.getEncoder();
        StringBuilder words = new StringBuilder(utf8.length * 2 + 16);
        int from = 0;
        do {
            int to = Math.min(utf8.length, from + WORD_BYTES);
            // Back to the start of the character the limit cut: UTF-8 continues a character with 10xxxxxx.
            while (to < utf8.length && (utf8[to] & 0xC0) == 0x80) {
                to--;
            }
            if (from > 0) {
                words.append("\r\n ");
            }
            words.append("=?UTF-8?B?").append(base64.encodeToString(Arrays.copyOfRange(utf8, from, to))).append("?=");
            from = to;
        } while (from < utf8.length);
        return words.toString();
    }

    /**
     * Folded when too long for one line, as {@link MimeUtility#fold} folds: before the first blank of a run of them,
     * at the last such place that keeps the line within 76 characters (or the first one after, when none does). Not
     * through {@code fold} itself, which copies the text through a {@code BufferedReader} (16 KB) even when it holds no
     * line break, as these values never do: every message has a long {@code List-Unsubscribe}, and that reader was a
     * fifth of what a delivery worker allocated.
     */
    static String folded(String name, String value) {
        int used = name.length() + 2;
        if (used + value.length() <= 76) {
            return value;
        }
        StringBuilder folded = new StringBuilder(value.length() + 16);
        int from = 0;
        char before = 0;
        while (used + value.length() - from > 76) {
            int blank = -1;
            for (int i = from; i < value.length(); i++) {
                if (blank != -1 && used + i - from > 76) {
                    break;
                }
                char c = value.charAt(i);
                if ((c == ' ' || c == '\t') && before != ' ' && before != '\t') {
                    blank = i;
                }
                before = c;
            }
            if (blank == -1) {
                break;
            }
            // A folded line begins with the blank it was folded at.
            before = value.charAt(blank);
            folded.append(value, from, blank).append("\r\n").append(before);
            from = blank + 1;
            used = 1;
        }
        return folded.append(value, from, value.length()).toString();
    }

    private void header(String name, String value) {
        ascii(name);
        ascii(": ");
        ascii(value);
        ascii("\r\n");
    }

    /** Header text: Jakarta Mail's encoding left only ASCII in it. */
    private void ascii(String text) {
        room(text.length());
        for (int i = 0; i < text.length(); i++) {
            bytes[size++] = (byte) text.charAt(i);
        }
    }

    /**
     * The text's UTF-8 as it is (RFC 6152's 8bit), its line breaks (LF or CRLF) made CRLF; nothing written and false
     * when 8bit cannot carry it: a line over 998 octets, a lone CR, a NUL (RFC 5322 §2.1.1, RFC 2045 §2.8), or text
     * that holds the boundaries' mark. Half the CPU of quoted-printable for a digest, and no {@code =3D} for every
     * {@code =} of its HTML.
     */
    private boolean eightBitText(int length) {
        char[] text = chars;
        if (holdsBoundaryMark(text, length)) {
            return false;
        }
        // At most three bytes a character: a line break's two, a character of the BMP in UTF-8.
        room(length * 3);
        byte[] out = bytes;
        int at = size;
        int lineStart = at;
        boolean dotLines = false;
        for (int i = 0; i < length; i++) {
            char c = text[i];
            if (c < 0x80) {
                if (c > '\r' || c != '\n' && c != '\r' && c != 0) {
                    if (c == '.' && at == lineStart) {
                        dotLines = true;
                    }
                    out[at++] = (byte) c;
                    continue;
                }
                if (c == 0 || c == '\r' && (i + 1 == length || text[++i] != '\n') || at - lineStart > MAX_LINE) {
                    return false;
                }
                out[at++] = '\r';
                out[at++] = '\n';
                lineStart = at;
                continue;
            }
            if (c < 0x800) {
                out[at++] = (byte) (0xC0 | c >> 6);
                out[at++] = (byte) (0x80 | c & 0x3F);
            } else if (!Character.isSurrogate(c)) {
                out[at++] = (byte) (0xE0 | c >> 12);
                out[at++] = (byte) (0x80 | c >> 6 & 0x3F);
                out[at++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text[i + 1])) {
                int code = Character.toCodePoint(c, text[++i]);
                out[at++] = (byte) (0xF0 | code >> 18);
                out[at++] = (byte) (0x80 | code >> 12 & 0x3F);
                out[at++] = (byte) (0x80 | code >> 6 & 0x3F);
                out[at++] = (byte) (0x80 | code & 0x3F);
            } else {
                // A lone half of a pair is no character: '?' as String.getBytes would write.
                out[at++] = '?';
            }
        }
        if (at - lineStart > MAX_LINE) {
            return false;
        }
        if (dotLines) {
            dotsEnd = at;
        }
        size = at;
        return true;
    }

    /**
     * RFC 2045 quoted-printable of the text's UTF-8: line breaks of the text (LF or CRLF) become CRLF, printable
     * ASCII but {@code =} stays, a space or tab stays unless it ends a line, every other byte is {@code =XX}, and
     * lines longer than 76 characters are broken with a soft break ({@code =} at the end). Encoded from the
     * characters straight into the buffer, without the UTF-8 copy of the text {@code getBytes} would make.
     *
     * <p>This is most of the CPU of writing a digest (a third of a delivery worker's, profiled), so the text is read
     * from the reused {@code char[]} its template wrote it into ({@link PartText}; no bounds check per {@code charAt})
     * and each ASCII character is classified by one table lookup.
     */
    private void quotedPrintable(int length) {
        // At worst a character is four bytes of three characters each, plus a soft break every 25 bytes; a passage's
        // encoding, made from the same characters, is no longer.
        room(length * 13 + 16);
        int from = 0;
        for (int k = 0; k < partText.passages; k++) {
            int start = partText.passageStarts[k];
            Passage passage = partText.passageTexts[k];
            quotedPrintable(from, start);
            if (passage.encoded() instanceof EncodedPassage encoded) {
                System.arraycopy(encoded.bytes(), 0, bytes, size, encoded.bytes().length);
                if (encoded.changedAt() >= 0) {
                    unchangedTo = Math.min(unchangedTo, size + encoded.changedAt());
                }
                size += encoded.bytes().length;
            } else {
                int before = unchangedTo;
                int at = size;
                unchangedTo = Integer.MAX_VALUE;
                quotedPrintable(start, start + passage.text().length());
                passage.encoded(new EncodedPassage(Arrays.copyOfRange(bytes, at, size),
                        unchangedTo == Integer.MAX_VALUE ? -1 : unchangedTo - at));
                unchangedTo = Math.min(before, unchangedTo);
            }
            from = start + passage.text().length();
        }
        quotedPrintable(from, length);
    }

    /**
     * A passage as quoted-printable, the same bytes wherever it stands, as it begins a line and ends one: kept with
     * it ({@link Passage#encoded}) and copied for its next readers. {@code changedAt}: where in it relaxed
     * canonicalisation would first change something, or -1.
     */
    private record EncodedPassage(byte[] bytes, int changedAt) {
    }

    /** The characters from {@code from} to {@code to}, from the start of a line, after the bytes written so far. */
    private void quotedPrintable(int from, int to) {
        char[] text = chars;
        byte[] out = bytes;
        int at = size;
        int line = 0;
        for (int i = from; i < to; i++) {
            char c = text[i];
            if (c < 0x80) {
                byte kind = ASCII[c];
                if (kind == LITERAL) {
                    if (line == LINE) {
                        at = softBreak(out, at);
                        line = 0;
                    }
                    // A line that begins "From " is rewritten ">From " by mbox-minded gateways, breaking the body's
                    // signature: RFC 2049 (§3, 8) has its F written =46, as Jakarta Mail does not.
                    if (line == 0 && c == 'F' && beginsFrom(text, i, to)) {
                        at = escaped(out, at, c);
                        line = 3;
                        continue;
                    }
                    // The characters that go as they are, as many as the line holds, in a loop of their own: past
                    // the line's first, a dot goes as it is, and so does a space before a character that does.
                    int runEnd = Math.min(to, i + LINE - line);
                    int next = i + 1;
                    out[at++] = (byte) c;
                    while (next < runEnd) {
                        char d = text[next];
                        if (!PLAIN[d] && (d != ' ' || next + 1 == to || !PLAIN[text[next + 1]])) {
                            break;
                        }
                        out[at++] = (byte) d;
                        next++;
                    }
                    line += next - i;
                    i = next - 1;
                    continue;
                }
                if (kind == DOT) {
                    if (line == LINE) {
                        at = softBreak(out, at);
                        line = 0;
                    }
                    if (line == 0) {
                        at = escaped(out, at, c);
                        line = 3;
                    } else {
                        out[at++] = (byte) c;
                        line++;
                    }
                    continue;
                }
                if (kind == BREAK && (c == '\n' || i + 1 < to && text[i + 1] == '\n')) {
                    if (c == '\r') {
                        i++;
                    }
                    out[at++] = '\r';
                    out[at++] = '\n';
                    line = 0;
                    continue;
                }
                boolean literal = kind == BLANK && !endsLine(text, to, i + 1);
                int width = literal ? 1 : 3;
                if (line + width > LINE) {
                    at = softBreak(out, at);
                    line = 0;
                }
                if (literal) {
                    // Relaxed canonicalisation makes a tab a space and a run of blanks one. The run of plain
                    // characters above writes a space only between two of them, which it keeps.
                    if ((c == '\t' || out[at - 1] == ' ' || out[at - 1] == '\t') && at < unchangedTo) {
                        unchangedTo = at - (c == '\t' ? 0 : 1);
                    }
                    out[at++] = (byte) c;
                } else {
                    at = escaped(out, at, c);
                }
                line += width;
                continue;
            }
            int code = c;
            if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(text[i + 1])) {
                code = Character.toCodePoint(c, text[++i]);
            } else if (Character.isSurrogate(c)) {
                // A lone half of a pair is no character: '?' as String.getBytes would write.
                code = '?';
            }
            int utf8 = code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
            if (code == '?') {
                utf8 = 1;
            }
            for (int k = 0; k < utf8; k++) {
                int b;
                if (utf8 == 1) {
                    b = code;
                } else if (k == 0) {
                    b = (0xF00 >> utf8 & 0xFF) | code >> 6 * (utf8 - 1);
                } else {
                    b = 0x80 | code >> 6 * (utf8 - 1 - k) & 0x3F;
                }
                if (line + 3 > LINE) {
                    at = softBreak(out, at);
                    line = 0;
                }
                at = escaped(out, at, b);
                line += 3;
            }
        }
        size = at;
    }

    private static boolean holdsBoundaryMark(char[] text, int length) {
        int last = length - BOUNDARY_MARK.length();
        for (int i = 0; i <= last; i++) {
            int k = 0;
            while (k < BOUNDARY_MARK.length() && text[i + k] == BOUNDARY_MARK.charAt(k)) {
                k++;
            }
            if (k == BOUNDARY_MARK.length()) {
                return true;
            }
        }
        return false;
    }

    /**
     * A part's text, written by its template straight into the characters the encoders read: no String of the part
     * is made on the way.
     */
    private final class PartText implements TemplateOutput {

        private int length;
        /** The passages written so far, each at the start of a line, and where in the characters each begins. */
        private int passages;
        private int[] passageStarts = new int[64];
        private Passage[] passageTexts = new Passage[64];
        /** The same, as an HTML template writes: its user content escaped, passages as they are. */
        private final HtmlPartText html = new HtmlPartText(this);

        /** Writes the part into {@link #chars}; its length. */
        int write(Body part, boolean isHtml) {
            length = 0;
            passages = 0;
            part.writeTo(isHtml ? html : this);
            return length;
        }

        @Override
        public void writeUserContent(Content content) {
            if (content instanceof Passage passage) {
                passage(passage);
            } else {
                TemplateOutput.super.writeUserContent(content);
            }
        }

        /** A passage is encoded apart only where it begins a line; elsewhere its characters go as any others do. */
        void passage(Passage passage) {
            if (length == 0 || chars[length - 1] == '\n') {
                if (passages == passageStarts.length) {
                    passageStarts = Arrays.copyOf(passageStarts, passages * 2);
                    passageTexts = Arrays.copyOf(passageTexts, passages * 2);
                }
                passageStarts[passages] = length;
                passageTexts[passages++] = passage;
            }
            writeContent(passage.text());
        }

        @Override
        public void writeContent(String value) {
            writeContent(value, 0, value.length());
        }

        @Override
        public void writeContent(String value, int beginIndex, int endIndex) {
            int more = endIndex - beginIndex;
            if (length + more > chars.length) {
                chars = Arrays.copyOf(chars, Math.max(chars.length * 2, length + more));
            }
            value.getChars(beginIndex, endIndex, chars, length);
            length += more;
        }
    }

    /**
     * What an HTML part's template writes into its {@link PartText}: JTE's escaping output, but that a passage in a
     * tag's body, HTML already, goes to the part as a passage.
     */
    private static final class HtmlPartText extends OwaspHtmlTemplateOutput {

        private final PartText part;
        private boolean inAttribute;

        HtmlPartText(PartText part) {
            super(part);
            this.part = part;
        }

        @Override
        public void setContext(String tagName, String attributeName) {
            super.setContext(tagName, attributeName);
            inAttribute = tagName != null && attributeName != null;
        }

        @Override
        public void writeUserContent(Content content) {
            if (content instanceof Passage passage && !inAttribute) {
                part.passage(passage);
            } else {
                super.writeUserContent(content);
            }
        }
    }

    private static int softBreak(byte[] out, int at) {
        out[at] = '=';
        out[at + 1] = '\r';
        out[at + 2] = '\n';
        return at + 3;
    }

    private static int escaped(byte[] out, int at, int b) {
        out[at] = '=';
        out[at + 1] = HEX[b >> 4 & 0xf];
        out[at + 2] = HEX[b & 0xf];
        return at + 3;
    }

    private static boolean beginsFrom(char[] text, int at, int to) {
        return at + 5 <= to && text[at + 1] == 'r' && text[at + 2] == 'o' && text[at + 3] == 'm' && text[at + 4] == ' ';
    }

    private static boolean endsLine(char[] text, int length, int next) {
        return next == length || text[next] == '\n' || text[next] == '\r' && next + 1 < length && text[next + 1] == '\n';
    }

    private void room(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
