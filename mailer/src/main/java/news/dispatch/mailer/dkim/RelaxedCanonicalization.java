package news.dispatch.mailer.dkim;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * DKIM's "relaxed" canonicalisation (RFC 6376 §3.4.2 and §3.4.4) over the bytes of a message as written, without
 * copying them into text. The body is fed to the digest in as few ranges as it can: a line that is already canonical
 * (no tab, no run of spaces, nothing trailing) is hashed where it lies, with the lines around it.
 */
final class RelaxedCanonicalization {

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] SPACE = {' '};

    private RelaxedCanonicalization() {
    }

    /**
     * Appends the canonical form of one header field to {@code out}: its name in lower case, a colon, its value
     * unfolded, with every run of spaces and tabs as one space and none at either end, then CRLF unless
     * {@code withCrlf} is false (the signature's own header is hashed without it).
     *
     * @param start the field's first byte
     * @param end   after its last byte, its line break included or not
     */
    static void header(byte[] in, int start, int end, Bytes out, boolean withCrlf) {
        int colon = start;
        while (colon < end && in[colon] != ':') {
            colon++;
        }
        int nameEnd = colon;
        while (nameEnd > start && space(in[nameEnd - 1])) {
            nameEnd--;
        }
        out.room(end - start + 2);
        for (int i = start; i < nameEnd; i++) {
            byte b = in[i];
            out.put(b >= 'A' && b <= 'Z' ? (byte) (b + 32) : b);
        }
        out.put((byte) ':');
        boolean written = false;
        boolean gap = false;
        for (int i = colon + 1; i < end; i++) {
            byte b = in[i];
            if (b == '\r' || b == '\n') {
                continue;
            }
            if (space(b)) {
                gap = true;
                continue;
            }
            if (gap && written) {
                out.put((byte) ' ');
            }
            out.put(b);
            written = true;
            gap = false;
        }
        if (withCrlf) {
            out.put((byte) '\r');
            out.put((byte) '\n');
        }
    }

    /**
     * Feeds the canonical form of the body to the digest: each line without the spaces and tabs that end it, every
     * other run of them as one space, every line ending in CRLF, and the empty lines at the end left out (an empty
     * body stays empty).
     *
     * <p>Dispatch's own mail is canonical already, quoted-printable writing a space that ends a line as {@code =20}:
     * its lines up to the first that is not are hashed in one piece after a scan for what relaxed canonicalisation
     * would change, which costs about half of going through them line by line.
     *
     * @param unchangedTo the body holds nothing that relaxed canonicalisation would change before this offset, as the
     *                    writer of the message knows, so the scan begins there; {@code start} when nothing is known
     */
    static void body(byte[] in, int start, int end, int unchangedTo, MessageDigest digest) {
        int canonicalEnd = canonicalLinesEnd(in, start, end, Math.min(Math.max(start, unchangedTo), end));
        digest.update(in, start, canonicalEnd - start);
        lineByLine(in, canonicalEnd, end, digest);
    }

    /**
     * Where the run of lines from {@code start} that relaxed canonicalisation leaves as they are ends: at the start of
     * the first line it would change, or of the empty lines before it, which are left out when nothing follows them.
     * Nothing before {@code scanFrom} is one it would change.
     */
    private static int canonicalLinesEnd(byte[] in, int start, int end, int scanFrom) {
        int first = end;
        for (int i = scanFrom; i < end; i++) {
            byte b = in[i];
            if (b > ' ' || b < 0) {
                continue;
            }
            boolean changed = b == '\t'
                    || b == ' ' && (i + 1 == end || in[i + 1] == ' ' || in[i + 1] == '\r' || in[i + 1] == '\n')
                    || b == '\n' && (i == start || in[i - 1] != '\r');
            if (changed) {
                first = i;
                break;
            }
        }
        int lineStart = first;
        while (lineStart > start && in[lineStart - 1] != '\n') {
            lineStart--;
        }
        while (lineStart - start >= 2 && in[lineStart - 2] == '\r'
                && (lineStart - 2 == start || in[lineStart - 3] == '\n')) {
            lineStart -= 2;
        }
        return lineStart;
    }

    private static void lineByLine(byte[] in, int start, int end, MessageDigest digest) {
        int from = start;
        int emptyLines = 0;
        int emptyStart = start;
        boolean emptiesVerbatim = true;
        int lineStart = start;
        while (lineStart < end) {
            int lf = lineStart;
            while (lf < end && in[lf] != '\n') {
                lf++;
            }
            boolean crlf = lf < end && lf > lineStart && in[lf - 1] == '\r';
            int textEnd = crlf ? lf - 1 : lf;
            int next = lf < end ? lf + 1 : end;
            int trimmed = textEnd;
            while (trimmed > lineStart && space(in[trimmed - 1])) {
                trimmed--;
            }
            if (trimmed == lineStart) {
                if (emptyLines == 0) {
                    emptyStart = lineStart;
                    emptiesVerbatim = true;
                }
                emptyLines++;
                emptiesVerbatim &= crlf && textEnd == lineStart;
                lineStart = next;
                continue;
            }
            if (emptyLines > 0 && !emptiesVerbatim) {
                digest.update(in, from, emptyStart - from);
                for (int i = 0; i < emptyLines; i++) {
                    digest.update(CRLF);
                }
                from = lineStart;
            }
            emptyLines = 0;
            for (int i = lineStart; i < trimmed; i++) {
                byte b = in[i];
                if (space(b)) {
                    int run = i;
                    while (run < trimmed && space(in[run])) {
                        run++;
                    }
                    if (run - i > 1 || b == '\t') {
                        digest.update(in, from, i - from);
                        digest.update(SPACE);
                        from = run;
                    }
                    i = run - 1;
                }
            }
            if (crlf && trimmed == textEnd) {
                lineStart = next;
                continue;
            }
            digest.update(in, from, trimmed - from);
            if (crlf) {
                // The spaces that ended the line are skipped; its CRLF is hashed where it lies.
                from = textEnd;
            } else {
                digest.update(CRLF);
                from = next;
            }
            lineStart = next;
        }
        int contentEnd = emptyLines > 0 ? emptyStart : end;
        if (contentEnd > from) {
            digest.update(in, from, contentEnd - from);
        }
    }

    private static boolean space(byte b) {
        return b == ' ' || b == '\t';
    }

    /** A growing byte buffer, reused from message to message. */
    static final class Bytes {

        private byte[] data;
        private int size;

        Bytes(int capacity) {
            data = new byte[capacity];
        }

        void reset() {
            size = 0;
        }

        void room(int more) {
            if (size + more > data.length) {
                data = Arrays.copyOf(data, Math.max(data.length * 2, size + more));
            }
        }

        void put(byte b) {
            data[size++] = b;
        }

        void put(byte[] bytes, int offset, int length) {
            room(length);
            System.arraycopy(bytes, offset, data, size, length);
            size += length;
        }

        byte[] data() {
            return data;
        }

        int size() {
            return size;
        }
    }
}
