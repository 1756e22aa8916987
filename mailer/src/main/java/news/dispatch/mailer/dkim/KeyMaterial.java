package news.dispatch.mailer.dkim;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;

import news.dispatch.core.RefusedSetting;

/**
 * A DKIM key pair as Dispatch keeps it: the private key to sign with, the public key as its DNS record publishes it
 * ({@code p=}: an RSA key's SubjectPublicKeyInfo, an Ed25519 key's raw 32 bytes, RFC 8463), and its size.
 */
record KeyMaterial(DkimAlgorithm algorithm, PrivateKey privateKey, String publicKey, int bits) {

    static final int MIN_RSA_BITS = 2048;

    private static final String SETTING = "dispatch.mail.dkim.private-key";

    /** What an Ed25519 public key's SubjectPublicKeyInfo holds before its 32 bytes (RFC 8410). */
    private static final int ED25519_SPKI_PREFIX = 12;

    static KeyMaterial generate(DkimAlgorithm algorithm) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm.jdkName());
            if (algorithm == DkimAlgorithm.RSA_SHA256) {
                generator.initialize(new RSAKeyGenParameterSpec(MIN_RSA_BITS, RSAKeyGenParameterSpec.F4));
            }
            KeyPair pair = generator.generateKeyPair();
            return new KeyMaterial(algorithm, pair.getPrivate(), dnsKey(algorithm, pair.getPublic()),
                    bits(algorithm, pair.getPublic()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot make " + algorithm.tag() + " keys", e);
        }
    }

    /** A key as stored: its PKCS#8 private key and its DNS public key, both in base64. */
    static KeyMaterial stored(DkimAlgorithm algorithm, String privateKey, String publicKey) {
        try {
            PrivateKey key = KeyFactory.getInstance(algorithm.jdkName())
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(privateKey)));
            int bits = key instanceof RSAPrivateCrtKey rsa ? rsa.getModulus().bitLength() : 256;
            return new KeyMaterial(algorithm, key, publicKey, bits);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("a stored " + algorithm.tag() + " key cannot be read", e);
        }
    }

    /**
     * {@code dispatch.mail.dkim.private-key}: a PEM PKCS#8 key ({@code -----BEGIN PRIVATE KEY-----}), inline or
     * {@code file:/path}, RSA of at least 2048 bits or Ed25519.
     *
     * @throws RefusedSetting with a message for the operator when it cannot be read or is too weak
     */
    static KeyMaterial configured(String setting) {
        String pem = setting.strip();
        if (pem.startsWith("file:")) {
            Path path = Path.of(pem.substring("file:".length()));
            try {
                pem = Files.readString(path, StandardCharsets.US_ASCII);
            } catch (NoSuchFileException e) {
                throw new RefusedSetting(SETTING, "there is no file " + path, e);
            } catch (IOException | RuntimeException e) {
                throw new RefusedSetting(SETTING, "cannot read " + path + " (" + e + ")", e);
            }
        }
        if (pem.contains("BEGIN RSA PRIVATE KEY")) {
            throw new RefusedSetting(SETTING, "a PKCS#1 RSA key; give it as PKCS#8 (openssl pkcs8 -topk8 -nocrypt), "
                    + "which begins with -----BEGIN PRIVATE KEY-----");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        } catch (IllegalArgumentException e) {
            throw new RefusedSetting(SETTING, "not a PEM key", e);
        }
        for (DkimAlgorithm algorithm : DkimAlgorithm.values()) {
            PrivateKey key;
            try {
                key = KeyFactory.getInstance(algorithm.jdkName()).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                continue;
            }
            return of(algorithm, key);
        }
        throw new RefusedSetting(SETTING, "neither an RSA nor an Ed25519 PKCS#8 key");
    }

    private static KeyMaterial of(DkimAlgorithm algorithm, PrivateKey key) {
        try {
            if (key instanceof RSAPrivateCrtKey rsa) {
                int bits = rsa.getModulus().bitLength();
                if (bits < MIN_RSA_BITS) {
                    throw new RefusedSetting(SETTING, "a " + bits + "-bit RSA key; DKIM keys must have at least "
                            + MIN_RSA_BITS + " bits (mailbox providers ignore shorter ones)");
                }
                PublicKey publicKey = KeyFactory.getInstance("RSA")
                        .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
                return new KeyMaterial(algorithm, key, dnsKey(algorithm, publicKey), bits);
            }
            if (key instanceof EdECPrivateKey ed) {
                byte[] seed = ed.getBytes().orElseThrow(() ->
                        new RefusedSetting(SETTING, "the Ed25519 key is not readable"));
                // The JDK has no call that derives an Ed25519 public key; a key pair generated from the private key's
                // own 32 bytes as its randomness is that key pair (RFC 8032 §5.1.5).
                KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
                generator.initialize(255, new FixedBytes(seed));
                KeyPair pair = generator.generateKeyPair();
                return new KeyMaterial(algorithm, key, dnsKey(algorithm, pair.getPublic()), 256);
            }
        } catch (GeneralSecurityException e) {
            throw new RefusedSetting(SETTING, "cannot be used: " + e.getMessage(), e);
        }
        throw new RefusedSetting(SETTING, "neither an RSA nor an Ed25519 key");
    }

    /** The private key as stored: PKCS#8 in base64. */
    String storedPrivateKey() {
        return Base64.getEncoder().encodeToString(privateKey.getEncoded());
    }

    private static String dnsKey(DkimAlgorithm algorithm, PublicKey key) {
        byte[] encoded = key.getEncoded();
        if (algorithm == DkimAlgorithm.ED25519_SHA256) {
            encoded = Arrays.copyOfRange(encoded, ED25519_SPKI_PREFIX, encoded.length);
        }
        return Base64.getEncoder().encodeToString(encoded);
    }

    private static int bits(DkimAlgorithm algorithm, PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            BigInteger modulus = rsa.getModulus();
            return modulus.bitLength();
        }
        return algorithm == DkimAlgorithm.ED25519_SHA256 ? 256 : 0;
    }

    /** Randomness that is a key's own bytes, once. */
    private static final class FixedBytes extends SecureRandom {

        private final byte[] bytes;

        FixedBytes(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public void nextBytes(byte[] out) {
            System.arraycopy(bytes, 0, out, 0, Math.min(bytes.length, out.length));
        }
    }
}
