package news.dispatch.mailer.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

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
        RelaxedCanonicalization.body(bytes, "Subject: x\r\n\r\n".length(), bytes.length, digest);
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
