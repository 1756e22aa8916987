package news.dispatch.mailer.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;

import gg.jte.TemplateOutput;
import gg.jte.models.runtime.JteModel;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import news.dispatch.core.SiteSettings;
import news.dispatch.core.article.Article;
import news.dispatch.core.link.LinkSettings;
import news.dispatch.core.link.LinkTokens;
import news.dispatch.core.subscriber.EmailAddress;
import news.dispatch.core.subscriber.Frequency;
import news.dispatch.core.subscriber.Preferences;
import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.core.subscriber.SubscriberStatus;
import news.dispatch.core.tag.Tag;
import news.dispatch.mailer.dkim.DkimAlgorithm;
import news.dispatch.mailer.dkim.DkimSigner;
import news.dispatch.mailer.dkim.SigningKeys;
import news.dispatch.mailer.letter.Body;
import news.dispatch.mailer.letter.Email;
import news.dispatch.mailer.letter.Letters;
import news.dispatch.mailer.letter.Passage;
import news.dispatch.mailer.sender.SenderIdentity;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MimeWriterTest {

    private final MimeWriter writer = new MimeWriter(parse("Dispatch Ünïcode <news@news.example>"));

    @ParameterizedTest(name = "8bit allowed: {0}")
    @ValueSource(booleans = {false, true})
    void partsDecodeToTheTextWrittenWhateverItsSpacesEqualsSignsAndLineLengths(boolean eightBit) throws Exception {
        String text = "trailing space \nand tab\t\n= sign a=b =3D\n" + "é".repeat(100) + "\n" + "😀 ok 日本".repeat(20) + "\n" + "x".repeat(300)
                + "\r\ncrlf line\rlone cr\n\n" + "word ".repeat(40) + "\n.dot\n  ";
        String html = "<p>“quotes” — €5</p>\n" + "<a href=\"https://news.example/a?b=c&amp;d=e\">x</a>".repeat(30);
        MimeMessage parsed = roundTrip(new Email("reader@example.org", "Київ: «світло»", text, html,
                Map.of("List-Id", "Dispatch digests <digests.news.example>")), eightBit);

        MimeMultipart parts = (MimeMultipart) parsed.getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain; charset=UTF-8");
        assertThat(((String) parts.getBodyPart(0).getContent()).replace("\r\n", "\n"))
                .isEqualTo(text.replace("\r\n", "\n"));
        assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html; charset=UTF-8");
        assertThat((String) parts.getBodyPart(1).getContent()).isEqualTo(html.replace("\n", "\r\n"));
        assertThat(parsed.getSubject()).isEqualTo("Київ: «світло»");
        assertThat(parsed.getHeader("List-Id", null)).isEqualTo("Dispatch digests <digests.news.example>");
        assertThat(parsed.getMessageID()).isEqualTo("<dispatch.1.2@news.example>");
        assertThat(((InternetAddress) parsed.getFrom()[0]).getPersonal()).isEqualTo("Dispatch Ünïcode");
        assertThat(parsed.getRecipients(MimeMessage.RecipientType.TO)[0].toString()).isEqualTo("reader@example.org");
    }

    @Test
    void foldsLongHeadersExactlyAsJakartaMailDoes() {
        String unsubscribe = "<https://news.example/unsubscribe/" + "t".repeat(43) + ">, <mailto:bounces@news.example"
                + "?subject=unsubscribe%20" + "t".repeat(43) + ">";
        for (String value : new String[] {unsubscribe, "short", "a b  c\td " + "word ".repeat(40).strip(),
                "x".repeat(120) + " y " + "z".repeat(90), "=?UTF-8?Q?" + "=C3=A9".repeat(30) + "?= =?UTF-8?Q?"
                + "=C3=A9".repeat(30) + "?=", "  two  blanks  " + "between ".repeat(20).strip()}) {
            for (String name : new String[] {"List-Unsubscribe", "Subject", "X"}) {
                assertThat(MimeWriter.folded(name, value)).as(name + ": " + value)
                        .isEqualTo(jakarta.mail.internet.MimeUtility.fold(name.length() + 2, value));
            }
        }
    }

    @Test
    void everyLineIsSevenBitAndAtMostSeventySixCharacters() throws Exception {
        writer.write(new Email("reader@example.org", "Subject", "ü".repeat(500) + " \n" + "a".repeat(1000),
                "<p>" + "€".repeat(400) + "</p>", Map.of()), "<dispatch.1.2@news.example>", new Date(), false);

        String written = writer.written();
        assertThat(written.chars()).allMatch(c -> c < 128);
        assertThat(written.split("\r\n")).allMatch(line -> line.length() <= 76);
        assertThat(written.replace("\r\n", "")).doesNotContain("\r", "\n");
    }

    /**
     * SMTP ends a message at a line that is a lone dot: a line beginning with one is sent with a second one, unless
     * none begins with one. Quoted-printable escapes a dot that would, at a line break or a soft one, so the parts'
     * 50 KB need no second scan.
     */
    @Test
    void noLineBeginsWithADotWhereverTheTextHasOne() throws Exception {
        String text = ".\n..\n.starts\r\n" + "x".repeat(75) + ".after a soft break\n" + "y".repeat(74) + "..\nend.";
        MimeMessage parsed = roundTrip(new Email("reader@example.org", "Subject", text, "<p>\n.</p>", Map.of()), false);

        assertThat(writer.written().split("\r\n")).noneMatch(line -> line.startsWith("."));
        MimeMultipart parts = (MimeMultipart) parsed.getContent();
        assertThat(((String) parts.getBodyPart(0).getContent()).replace("\r\n", "\n"))
                .isEqualTo(text.replace("\r\n", "\n"));
        assertThat((String) parts.getBodyPart(1).getContent()).isEqualTo("<p>\r\n.</p>");
    }

    /**
     * Nor does any begin "From ", which mbox-minded gateways rewrite ">From ", breaking the body's signature (RFC
     * 2049, §3, 8), at a line break or a soft one: found by a postmaster's QA of 7 December in a story's summary.
     */
    @Test
    void noLineBeginsWithFromWhereverTheTextHasOne() throws Exception {
        String text = "From the desk of the editor\nFromage\n" + "x".repeat(75) + "From a soft break\nFrom";
        MimeMessage parsed = roundTrip(new Email("reader@example.org", "Subject", text, "<p>\nFrom us</p>", Map.of()),
                false);

        assertThat(writer.written().split("\r\n")).noneMatch(line -> line.startsWith("From "))
                .anyMatch(line -> line.equals("Fromage")).anyMatch(line -> line.equals("From"));
        MimeMultipart parts = (MimeMultipart) parsed.getContent();
        assertThat(((String) parts.getBodyPart(0).getContent()).replace("\r\n", "\n")).isEqualTo(text);
        assertThat((String) parts.getBodyPart(1).getContent()).isEqualTo("<p>\r\nFrom us</p>");
    }

    /** Random text of the characters that need care, at every position of a line, decodes to itself. */
    @ParameterizedTest(name = "8bit allowed: {0}")
    @ValueSource(booleans = {false, true})
    void randomTextDecodesToItselfAndKeepsEveryLineShort(boolean eightBit) throws Exception {
        String[] pieces = {"a", "Z", " ", "\t", "=", "\n", "\r\n", "\r", ".", "é", "€", "😀", "\uD800", "<", "~",
                "\u0001", "\u007F", "\u00A0", "日本"};
        Random random = new Random(20261203);
        for (int round = 0; round < 300; round++) {
            String original = randomText(random, pieces, 400);
            MimeMessage parsed = roundTrip(new Email("reader@example.org", "Subject", original, "<p>x</p>", Map.of()),
                    eightBit);

            String expected = new String(original.replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8),
                    StandardCharsets.UTF_8);
            String decoded = ((String) ((MimeMultipart) parsed.getContent()).getBodyPart(0).getContent());
            assertThat(decoded.replace("\r\n", "\n")).as("round %d", round).isEqualTo(expected);
            assertThat(writer.written().split("\r\n")).allMatch(line -> line.length() <= (eightBit ? 998 : 76));
            assertThat(writer.written().replace("\r\n", "")).doesNotContain("\r", "\n", "\0");
        }
    }

    /**
     * The writer tells the signer where the first thing relaxed canonicalisation changes can lie, and the signer does
     * not look before it: random text full of blanks and tabs, on both parts, signs as a signer that scans the whole
     * body signs it.
     */
    @Test
    void theSignatureOfRandomTextIsTheOneOfABodyScannedWhole() throws Exception {
        DkimSigner signer = ed25519Signer();
        String[] pieces = {"a", "Z", " ", " ", "  ", "\t", " \t ", "=", "\n", " \n", "\r\n", ".", "é", "😀", "<",
                "x".repeat(70)};
        Random random = new Random(20261204);
        Date date = new Date(1_796_284_800_000L);
        for (int round = 0; round < 400; round++) {
            String text = randomText(random, pieces, 300);
            String html = random.nextBoolean() ? "<p>x</p>" : randomText(random, pieces, 300);
            writer.write(new Email("reader@example.org", "Subject", text, html, Map.of()),
                    "<dispatch.1.2@news.example>", date, false);
            byte[] message = writer.written().getBytes(StandardCharsets.US_ASCII);

            writer.sign(signer, date);

            String scannedWhole = new String(signer.sign(message, message.length, 0, date.getTime() / 1000),
                    StandardCharsets.US_ASCII);
            assertThat(writer.written()).as("round %d", round)
                    .isEqualTo(scannedWhole + new String(message, StandardCharsets.US_ASCII));
        }
    }

    /**
     * A letter's parts go to the writer as their templates, written straight into its buffer; the message is the very
     * one its text as Strings gives, byte for byte, quoted-printable or 8bit.
     */
    @ParameterizedTest(name = "8bit allowed: {0}")
    @ValueSource(booleans = {false, true})
    void aLetterWrittenFromItsTemplatesIsTheOneItsTextGives(boolean eightBit) throws Exception {
        Letters letters = new Letters(new SiteSettings(URI.create("https://news.example"), null),
                new LinkTokens("a secret of thirty-two bytes or more!".getBytes(StandardCharsets.UTF_8)),
                new LinkSettings(null, Duration.ofDays(7)),
                new SenderIdentity("Dispatch <news@news.example>", "bounces@news.example", true));
        Instant joined = Instant.parse("2025-01-06T08:00:00Z");
        Subscriber reader = new Subscriber(7, EmailAddress.of("reader@example.org"), SubscriberStatus.ACTIVE,
                new Preferences(List.of(Tag.of("Aviation"), Tag.of("Київ")), Frequency.DAILY,
                        ZoneId.of("Europe/Berlin"), 7, false), joined, joined, 0);
        List<Article> stories = List.of(
                new Article(1, "Café — Київ: «світло» 😀", "Runs  of\tblanks, a=b, 50% & <tags>\n.a dot", null,
                        "Ana Müller", null, Instant.parse("2025-03-14T06:30:00Z"), List.of(Tag.of("Aviation"))),
                new Article(2, "Plain title", "x".repeat(300), null, null, URI.create("https://news.example/2"),
                        Instant.parse("2025-03-13T06:30:00Z"), List.of(Tag.of("Київ"))));
        Subscriber next = new Subscriber(8, EmailAddress.of("next@example.org"), SubscriberStatus.ACTIVE,
                new Preferences(List.of(Tag.of("Київ")), Frequency.DAILY, ZoneId.of("America/New_York"), 7, false),
                joined, joined, 0);
        MimeWriter other = new MimeWriter(parse("Dispatch Ünïcode <news@news.example>"));
        // The second reader's digest has the stories' passages as the first one's left them encoded.
        for (Subscriber each : List.of(reader, next)) {
            Email templates = letters.digest(each, stories, 3);
            assertThat(templates.textBody()).isInstanceOf(Body.Template.class);
            Email strings = new Email(templates.to(), templates.subject(), templates.text(), templates.html(),
                    templates.headers(), templates.language());

            writer.write(templates, "<dispatch.1.2@news.example>", new Date(0), eightBit);
            other.write(strings, "<dispatch.1.2@news.example>", new Date(0), eightBit);

            assertThat(writer.written()).isEqualTo(other.written()).contains("=?UTF-8?B?");
        }
    }

    /**
     * A passage (lines every reader of a story gets alike) is encoded with the first message that holds it and copied
     * into the next ones: each message is still byte for byte the one its text as Strings gives, and signs as a body
     * scanned whole does, whatever the passages and the text around them hold (blanks and tabs that relaxed
     * canonicalisation changes, dots, equals signs, long lines, non-ASCII). A passage that does not begin a line goes
     * as any text does.
     */
    @Test
    void aPassageIsEncodedOnceAndEachMessageHoldingItIsTheOneItsTextGives() throws Exception {
        DkimSigner signer = ed25519Signer();
        String[] pieces = {"a", "Z", " ", "  ", "\t", " \t ", "=", "\n", " \n", ".", "\n.", "é", "😀", "<",
                "x".repeat(70)};
        Random random = new Random(20261205);
        Date date = new Date(1_796_284_800_000L);
        MimeWriter strings = new MimeWriter(parse("Dispatch Ünïcode <news@news.example>"));
        for (int round = 0; round < 100; round++) {
            Passage first = new Passage(randomText(random, pieces, 120) + "\n");
            Passage second = new Passage(randomText(random, pieces, 120) + "\n");
            Object encoded = null;
            for (int reader = 0; reader < 3; reader++) {
                String[] around = {randomText(random, pieces, 30) + "\n", randomText(random, pieces, 30),
                        randomText(random, pieces, 30)};
                String whole = around[0] + first.text() + around[1] + second.text() + around[2];
                writer.write(new Email("reader@example.org", "Subject", passages(around, first, second),
                        passages(around, first, second), Map.of(), null), "<dispatch.1.2@news.example>", date, false);
                strings.write(new Email("reader@example.org", "Subject", whole, whole, Map.of()),
                        "<dispatch.1.2@news.example>", date, false);
                assertThat(writer.written()).as("round %d, reader %d", round, reader).isEqualTo(strings.written());
                byte[] message = writer.written().getBytes(StandardCharsets.US_ASCII);
                writer.sign(signer, date);
                assertThat(writer.written()).as("round %d, reader %d", round, reader).isEqualTo(
                        new String(signer.sign(message, message.length, 0, date.getTime() / 1000),
                                StandardCharsets.US_ASCII) + new String(message, StandardCharsets.US_ASCII));
                if (reader == 0) {
                    encoded = first.encoded();
                }
                assertThat(first.encoded()).as("encoded once, for the first reader").isNotNull().isSameAs(encoded);
            }
        }
    }

    /** A template that writes the text around two passages, as a story's template writes them. */
    private static Body passages(String[] around, Passage first, Passage second) {
        return new Body.Template(new JteModel() {
            @Override
            public void render(TemplateOutput output) {
                output.writeContent(around[0]);
                output.writeUserContent(first);
                output.writeContent(around[1]);
                output.writeUserContent(second);
                output.writeContent(around[2]);
            }

            @Override
            public void writeTo(TemplateOutput output) {
                render(output);
            }
        });
    }

    /**
     * A subject of any characters reads back as written (a lone half of a surrogate pair as {@code ?}, as UTF-8 has
     * it), and an encoded one keeps every line of its header within 76 characters, {@code Subject: } included.
     */
    @Test
    void randomSubjectsReadBackAsWrittenAndEncodedOnesKeepTheirLinesShort() throws Exception {
        String[] pieces = {"a", "Z", " ", "  ", "=?", "?=", "=", "_", "é", "€", "😀", "\uD800", "日本", "«", "word ",
                "Bcc:"};
        Random random = new Random(20261204);
        for (int round = 0; round < 500; round++) {
            String subject = randomText(random, pieces, 60) + "x";
            MimeMessage parsed = roundTrip(new Email("reader@example.org", subject, "text", "<p>x</p>", Map.of()),
                    false);

            String written = Email.oneLine(subject);
            assertThat(parsed.getSubject()).as(subject)
                    .isEqualTo(new String(written.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
            List<String> lines = subjectLines(writer.written());
            if (lines.get(0).startsWith("Subject: =?UTF-8?B?")) {
                assertThat(lines).as(subject).allMatch(line -> line.length() <= 76 && line.chars().allMatch(c -> c < 128));
            } else {
                assertThat(written).as("left as it is: printable ASCII that holds no encoded word")
                        .matches("[ -~]*").doesNotContain("=?");
            }
        }
    }

    /** The Subject header's lines as written, folded ones included. */
    private static List<String> subjectLines(String message) {
        List<String> lines = new ArrayList<>();
        for (String line : message.substring(0, message.indexOf("\r\n\r\n")).split("\r\n")) {
            if (line.startsWith("Subject: ") || !lines.isEmpty() && line.startsWith(" ")) {
                lines.add(line);
            } else if (!lines.isEmpty()) {
                break;
            }
        }
        return lines;
    }

    /** Up to {@code most} pieces, each chosen at random. */
    private static String randomText(Random random, String[] pieces, int most) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(most);
        for (int i = 0; i < length; i++) {
            text.append(pieces[random.nextInt(pieces.length)]);
        }
        return text.toString();
    }

    @Test
    void toAServerThatTakes8bitTheTextGoesAsItsUtf8() throws Exception {
        String text = "Київ: «світло» = 5 €\n" + "a=b ".repeat(200) + "\n😀";
        String html = "<a href=\"https://news.example/a?b=c\">Київ</a>\n";
        MimeMessage parsed = roundTrip(new Email("reader@example.org", "Subject", text, html, Map.of()), true);

        assertThat(writer.eightBit()).isTrue();
        assertThat(writer.written()).contains("Content-Transfer-Encoding: 8bit\r\n\r\nКиїв: «світло» = 5 €\r\n"
                        + "a=b ".repeat(200) + "\r\n😀\r\n",
                "Content-Transfer-Encoding: 8bit\r\n\r\n<a href=\"https://news.example/a?b=c\">Київ</a>\r\n")
                .doesNotContain("quoted-printable");
        MimeMultipart parts = (MimeMultipart) parsed.getContent();
        assertThat(((String) parts.getBodyPart(0).getContent())).isEqualTo(text.replace("\n", "\r\n"));
        assertThat(((String) parts.getBodyPart(1).getContent())).isEqualTo(html.replace("\n", "\r\n"));
    }

    /** 8bit carries lines of up to 998 octets, CR only before LF, and no NUL; such a text goes quoted-printable. */
    @Test
    void aTextThat8bitCannotCarryGoesQuotedPrintableAndTheOtherPartStays8bit() throws Exception {
        for (String text : new String[] {"x".repeat(999), "é".repeat(500), "a\rb", "a\u0000b", "tail\r",
                "----=_Dispatch_1_abc--"}) {
            MimeMessage parsed = roundTrip(new Email("reader@example.org", "Subject", text, "<p>é</p>", Map.of()),
                    true);

            assertThat(writer.written()).as(text).containsOnlyOnce("quoted-printable").containsOnlyOnce("8bit");
            MimeMultipart parts = (MimeMultipart) parsed.getContent();
            assertThat(parts.getCount()).isEqualTo(2);
            assertThat(((String) parts.getBodyPart(0).getContent())).isEqualTo(text);
            assertThat(((String) parts.getBodyPart(1).getContent())).isEqualTo("<p>é</p>");
        }
        roundTrip(new Email("reader@example.org", "Subject", "x".repeat(998) + "\n" + "é".repeat(499), "<p/>",
                Map.of()), true);
        assertThat(writer.written()).doesNotContain("quoted-printable");
    }

    /** In 8bit a line of the text may begin with a dot: SMTP's data then doubles it, and only it. */
    @Test
    void an8bitLineThatBeginsWithADotIsDoubledInTheData() throws Exception {
        roundTrip(new Email("reader@example.org", "Subject", ".\n..x\na.b\n.", "<p>\n.</p>", Map.of()), true);
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        writer.writeData(data);

        String written = writer.written();
        assertThat(written).contains("\r\n.\r\n..x\r\na.b\r\n.\r\n", "<p>\r\n.</p>");
        assertThat(data.toString(StandardCharsets.UTF_8)).isEqualTo(written.replace("\n.", "\n.."));
    }

    /**
     * A signed digest of 60 KB, its signature and header included, reaches the socket in one write, as SMTP's data
     * carries it: one wake-up of the server a message instead of two.
     */
    @Test
    void aSignedDigestGoesToTheSocketInOneWrite() throws Exception {
        String text = "A line of the digest, and a dot:\n.begins the next one.\n".repeat(1_100);
        writer.write(new Email("reader@example.org", "Subject", text, "<p>x</p>", Map.of()),
                "<dispatch.1.2@news.example>", new Date(), false);
        writer.sign(ed25519Signer(), new Date());
        List<Integer> writes = new ArrayList<>();
        ByteArrayOutputStream wire = new ByteArrayOutputStream() {
            @Override
            public synchronized void write(byte[] bytes, int offset, int length) {
                writes.add(length);
                super.write(bytes, offset, length);
            }
        };

        var socket = SmtpSession.buffered(wire);
        writer.writeData(socket);
        socket.flush();

        ByteArrayOutputStream unbuffered = new ByteArrayOutputStream();
        writer.writeData(unbuffered);
        assertThat(writes).hasSize(1);
        assertThat(writes.get(0)).isGreaterThan(60_000);
        assertThat(wire.toByteArray()).isEqualTo(unbuffered.toByteArray());
        assertThat(wire.toString(StandardCharsets.US_ASCII)).startsWith("DKIM-Signature:")
                .contains("\r\n=2Ebegins the next one.");
    }

    /** A signer with a fresh Ed25519 key, quick to make and to sign with. */
    private static DkimSigner ed25519Signer() throws Exception {
        KeyPair key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        SigningKeys keys = new SigningKeys("news.example",
                List.of(new SigningKeys.Key("s1", DkimAlgorithm.ED25519_SHA256, key.getPrivate())));
        return new DkimSigner(() -> keys, false);
    }

    private MimeMessage roundTrip(Email email, boolean eightBit) throws Exception {
        writer.write(email, "<dispatch.1.2@news.example>", new Date(), eightBit);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        writer.copyTo(bytes);
        return new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(bytes.toByteArray()));
    }

    private static InternetAddress parse(String address) {
        try {
            return new InternetAddress(address, true);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
