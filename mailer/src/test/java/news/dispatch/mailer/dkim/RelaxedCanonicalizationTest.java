package news.dispatch.mailer.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class RelaxedCanonicalizationTest {

    /** RFC 6376 §3.4.5, the example's header fields. */
    @Test
    void headersAreCanonicalisedAsTheRfcExampleShows() {
        String message = "A: X\r\nB : Y\t\r\n\tZ  \r\n\r\n C \r\nD \t E\r\n\r\n\r\n";

        assertThat(headers(message, 0, 6, 6, 21)).isEqualTo("a:X\r\nb:Y Z\r\n");
    }

    /** RFC 6376 §3.4.5, the example's body. */
    @Test
    void theBodyIsCanonicalisedAsTheRfcExampleShows() {
        assertThat(body(" C \r\nD \t E\r\n\r\n\r\n")).isEqualTo(" C\r\nD E\r\n");
    }

    @Test
    void anEmptyBodyStaysEmptyAndEmptyLinesAtTheEndGo() {
        assertThat(body("")).isEmpty();
        assertThat(body("\r\n\r\n")).isEmpty();
        assertThat(body(" \t\r\n  \r\n")).isEmpty();
    }

    @Test
    void emptyLinesInsideTheBodyStayAndLinesOfBlanksBecomeEmpty() {
        assertThat(body("a\r\n\r\n  \r\n\tb\r\n \r\n")).isEqualTo("a\r\n\r\n\r\n b\r\n");
        assertThat(body("a\r\n  \t\r\nb\r\n")).isEqualTo("a\r\n\r\nb\r\n");
    }

    @Test
    void aLastLineWithoutItsLineBreakGetsOne() {
        assertThat(body("a  b\r\nlast")).isEqualTo("a b\r\nlast\r\n");
        assertThat(body("last  ")).isEqualTo("last\r\n");
    }

    @Test
    void canonicalLinesPassUnchanged() {
        String lines = "--boundary\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nHello =C3=BC world=\r\n"
                + "and more\r\n--boundary--\r\n";

        assertThat(body(lines)).isEqualTo(lines);
    }

    /** A canonical run of lines, then one that is not, at every place, against RFC 6376 §3.4.4 read literally. */
    @Test
    void randomBodiesAreCanonicalisedAsTheRfcReads() {
        Random random = new Random(6376);
        String[] pieces = {"a", "b=\r\n", " ", "  ", "\t", "\r\n", "\r\n", "\n", "\r", " \r\n", ".", "=20"};
        for (int run = 0; run < 20_000; run++) {
            StringBuilder body = new StringBuilder();
            for (int i = random.nextInt(24); i > 0; i--) {
                body.append(pieces[random.nextInt(pieces.length)]);
            }
            assertThat(body(body.toString())).as("%s", body.toString().replace("\r", "\\r").replace("\n", "\\n")
                    .replace("\t", "\\t")).isEqualTo(asTheRfcReads(body.toString()));
        }
    }

    /**
     * Lines end at LF, a CR before it going with it (a CR that ends the body is text); runs of blanks become one space
     * and go at the ends of lines.
     */
    private static String asTheRfcReads(String body) {
        List<String> lines = List.of(body.split("\n", -1));
        StringBuilder canonical = new StringBuilder();
        int keep = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            boolean ended = i < lines.size() - 1;
            if (!ended && line.isEmpty()) {
                break;
            }
            String relaxed = (ended && line.endsWith("\r") ? line.substring(0, line.length() - 1) : line)
                    .replaceAll("[ \t]+", " ").replaceAll(" \\z", "");
            canonical.append(relaxed).append("\r\n");
            if (!relaxed.isEmpty()) {
                keep = canonical.length();
            }
        }
        return canonical.substring(0, keep);
    }

    private static String headers(String message, int... ranges) {
        byte[] bytes = message.getBytes(StandardCharsets.US_ASCII);
        RelaxedCanonicalization.Bytes out = new RelaxedCanonicalization.Bytes(4);
        for (int i = 0; i < ranges.length; i += 2) {
            RelaxedCanonicalization.header(bytes, ranges[i], ranges[i + 1], out, true);
        }
        return new String(out.data(), 0, out.size(), StandardCharsets.US_ASCII);
    }

    private static String body(String body) {
        byte[] bytes = ("Subject: x\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII);
        Recording digest = new Recording();
        int start = "Subject: x\r\n\r\n".length();
        RelaxedCanonicalization.body(bytes, start, bytes.length, start, digest);
        return digest.recorded.toString(StandardCharsets.US_ASCII);
    }

    /** A digest that keeps what it is fed. */
    private static final class Recording extends MessageDigest {

        final ByteArrayOutputStream recorded = new ByteArrayOutputStream();

        Recording() {
            super("recording");
        }

        @Override
        protected void engineUpdate(byte input) {
            recorded.write(input);
        }

        @Override
        protected void engineUpdate(byte[] input, int offset, int len) {
            recorded.write(input, offset, len);
        }

        @Override
        protected byte[] engineDigest() {
            return new byte[0];
        }

        @Override
        protected void engineReset() {
            recorded.reset();
        }
    }
}
