package news.dispatch.mailer.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Provider;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import news.dispatch.mailer.testing.Dkimpy;
import news.dispatch.mailer.testing.Dkimpy.Verdict;

import org.junit.jupiter.api.Test;

class DkimSignerTest {

    /** Folded and oddly spaced header fields, tabs, runs of spaces, blanks at line ends and empty lines at the end. */
    private static final String MESSAGE = "Date: Wed, 3 Dec 2026 08:00:00 +0000\r\n"
            + "From:   Dispatch\t<news@news.example>  \r\n"
            + "To: reader@example.org\r\n"
            + "Message-ID: <dispatch.1.2@news.example>\r\n"
            + "Subject: A subject that is long enough to be folded over\r\n\t two  lines\r\n"
            + "List-Unsubscribe: <https://news.example/unsubscribe/abc>,\r\n"
            + " <mailto:bounces@news.example?subject=x>\r\n"
            + "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=UTF-8\r\n"
            + "\r\n"
            + "Hello \t reader,  \r\n\r\n \r\nthe  news.\t\r\n.dot\r\n\r\n\r\n";

    @Test
    void signsNothingAndCostsNothingWithoutAKey() {
        byte[] message = MESSAGE.getBytes(StandardCharsets.US_ASCII);

        assertThat(DkimSigner.unsigned().sign(message, message.length, 0, 1_796_284_800L)).isEmpty();
    }

    @Test
    void theSignatureNamesTheListHeadersOverSignsFromAndSubjectAndHashesTheBodyRelaxed() throws Exception {
        byte[] message = MESSAGE.getBytes(StandardCharsets.US_ASCII);
        KeyPair rsa = pair("RSA");

        String header = new String(signer(new SigningKeys.Key("sel", DkimAlgorithm.RSA_SHA256, rsa.getPrivate()))
                .sign(message, message.length, 0, 1_796_284_800L), StandardCharsets.US_ASCII);

        assertThat(header).startsWith("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=news.example; "
                + "s=sel;\r\n\tt=1796284800; h=from:from:to:subject:subject:date:message-id:mime-version:")
                .contains("content-type:list-unsubscribe:list-unsubscribe-post;")
                .endsWith("\r\n");
        assertThat(header.split("\r\n")).allMatch(line -> line.length() <= 78);
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        String relaxedBody = "Hello reader,\r\n\r\n\r\nthe news.\r\n.dot\r\n";
        assertThat(header).contains("bh=" + Base64.getEncoder().encodeToString(
                sha256.digest(relaxedBody.getBytes(StandardCharsets.US_ASCII))) + ";");
    }

    /**
     * The canonicalisation's corners, proven by a verifier that is not ours, for both algorithms at once; a selector
     * long enough to fold the signature's first line (85 characters before a postmaster's QA of 7 December).
     */
    @Test
    void dkimpyVerifiesBothSignaturesOfAMessageWithEveryKindOfWhitespace() throws Exception {
        Dkimpy.assumeInstalled();
        byte[] message = MESSAGE.getBytes(StandardCharsets.US_ASCII);
        KeyPair rsa = pair("RSA");
        KeyPair ed = pair("Ed25519");
        byte[] spki = ed.getPublic().getEncoded();

        byte[] signature = signer(new SigningKeys.Key("rsa-2026-december", DkimAlgorithm.RSA_SHA256, rsa.getPrivate()),
                new SigningKeys.Key("ed", DkimAlgorithm.ED25519_SHA256, ed.getPrivate()))
                .sign(message, message.length, 0, 1_796_284_800L);
        byte[] signed = new byte[signature.length + message.length];
        System.arraycopy(signature, 0, signed, 0, signature.length);
        System.arraycopy(message, 0, signed, signature.length, message.length);

        Map<String, String> dns = Map.of(
                "rsa-2026-december._domainkey.news.example", "v=DKIM1; k=rsa; p="
                        + Base64.getEncoder().encodeToString(rsa.getPublic().getEncoded()),
                "ed._domainkey.news.example", "v=DKIM1; k=ed25519; p="
                        + Base64.getEncoder().encodeToString(Arrays.copyOfRange(spki, 12, spki.length)));
        List<Verdict> verdicts = Dkimpy.verify(signed, dns);
        assertThat(verdicts).extracting(Verdict::toString)
                .containsExactly("pass rsa-sha256 s=rsa-2026-december", "pass ed25519-sha256 s=ed");
        assertThat(new String(signature, StandardCharsets.US_ASCII).split("\r\n")).allMatch(line -> line.length() <= 78)
                .contains("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed;",
                        "\td=news.example; s=rsa-2026-december;");
    }

    /** A domain and selector too long to share a line each have one: no line of the signature passes 78. */
    @Test
    void aLongDomainAndSelectorFoldBetweenThem() throws Exception {
        byte[] message = MESSAGE.getBytes(StandardCharsets.US_ASCII);
        SigningKeys signing = new SigningKeys("newsletter.mail.department.example-newsroom-international.org",
                List.of(new SigningKeys.Key("averyveryverylongselectorname-december2026", DkimAlgorithm.RSA_SHA256,
                        pair("RSA").getPrivate())));

        String header = new String(new DkimSigner(() -> signing, true).sign(message, message.length, 0,
                1_796_284_800L), StandardCharsets.US_ASCII);

        assertThat(header.split("\r\n")).allMatch(line -> line.length() <= 78)
                .contains("\td=newsletter.mail.department.example-newsroom-international.org;",
                        "\ts=averyveryverylongselectorname-december2026;");
    }

    /**
     * RSA's PKCS#1 v1.5 signatures are deterministic, so AWS-LC's must be the JDK's to the byte. The build runs on
     * Linux x86-64, where its library ships: a provider that did not load there would sign at four times the cost.
     */
    @Test
    void awsLcSignsWhatTheJdkSigns() throws Exception {
        assertThat(NativeRsa.provider()).as("AWS-LC on Linux x86-64")
                .isPresent().get().extracting(Provider::getName).isEqualTo("AmazonCorrettoCryptoProvider");
        byte[] message = MESSAGE.getBytes(StandardCharsets.US_ASCII);
        SigningKeys signing = new SigningKeys("news.example",
                List.of(new SigningKeys.Key("sel", DkimAlgorithm.RSA_SHA256, pair("RSA").getPrivate())));

        byte[] jdk = new DkimSigner(() -> signing, false).sign(message, message.length, 0, 1_796_284_800L);
        byte[] awsLc = new DkimSigner(() -> signing, true).sign(message, message.length, 0, 1_796_284_800L);

        assertThat(new String(awsLc, StandardCharsets.US_ASCII)).isEqualTo(new String(jdk, StandardCharsets.US_ASCII));
    }

    private static DkimSigner signer(SigningKeys.Key... keys) {
        SigningKeys signing = new SigningKeys("news.example", List.of(keys));
        return new DkimSigner(() -> signing, true);
    }

    private static KeyPair pair(String algorithm) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        if (algorithm.equals("RSA")) {
            generator.initialize(2048);
        }
        return generator.generateKeyPair();
    }
}
