package news.dispatch.mailer.dkim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.util.Arrays;
import java.util.Base64;

import news.dispatch.core.RefusedSetting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyMaterialTest {

    @Test
    void aShortRsaKeyIsRefusedAtStartWithTheReason() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(1024);

        assertThatThrownBy(() -> KeyMaterial.configured(pem(rsa.generateKeyPair().getPrivate())))
                .isInstanceOfSatisfying(RefusedSetting.class, refused -> assertThat(refused.setting())
                        .isEqualTo("dispatch.mail.dkim.private-key"))
                .hasMessage("dispatch.mail.dkim.private-key: a 1024-bit RSA key; DKIM keys must have at least 2048 "
                        + "bits (mailbox providers ignore shorter ones)");
    }

    @Test
    void aKeyFileThatIsNotThereIsRefusedByItsPath(@TempDir Path folder) {
        assertThatThrownBy(() -> KeyMaterial.configured("file:" + folder.resolve("dkim.pem")))
                .isInstanceOf(RefusedSetting.class)
                .hasMessage("dispatch.mail.dkim.private-key: there is no file " + folder.resolve("dkim.pem"));
    }

    @Test
    void anRsaKeyFromAFileIsPublishedAsItsSubjectPublicKeyInfo(@TempDir Path folder) throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        KeyPair pair = rsa.generateKeyPair();
        Path file = folder.resolve("dkim.pem");
        Files.writeString(file, pem(pair.getPrivate()));

        KeyMaterial key = KeyMaterial.configured("file:" + file);

        assertThat(key.algorithm()).isEqualTo(DkimAlgorithm.RSA_SHA256);
        assertThat(key.bits()).isEqualTo(2048);
        assertThat(key.publicKey()).isEqualTo(Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()));
    }

    /** RFC 8463 publishes the raw 32 bytes; the JDK has no call that derives them from the private key. */
    @Test
    void anEd25519KeyIsPublishedAsItsRaw32Bytes() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] spki = pair.getPublic().getEncoded();

        KeyMaterial key = KeyMaterial.configured(pem(pair.getPrivate()));

        assertThat(key.algorithm()).isEqualTo(DkimAlgorithm.ED25519_SHA256);
        assertThat(Base64.getDecoder().decode(key.publicKey())).hasSize(32)
                .isEqualTo(Arrays.copyOfRange(spki, spki.length - 32, spki.length));
    }

    @Test
    void aPkcs1KeyIsRefusedWithTheCommandThatConvertsIt() {
        assertThatThrownBy(() -> KeyMaterial.configured("-----BEGIN RSA PRIVATE KEY-----\nMIIE\n"
                + "-----END RSA PRIVATE KEY-----"))
                .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
    }

    private static String pem(PrivateKey key) {
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(key.getEncoded()) + "\n-----END PRIVATE KEY-----\n";
    }
}
