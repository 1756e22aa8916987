package news.dispatch.mailer.dkim;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;

/**
 * Signs messages as they are written, with DKIM (RFC 6376), {@code relaxed/relaxed}: one {@code DKIM-Signature}
 * header per key that signs ({@code rsa-sha256}, and {@code ed25519-sha256} of RFC 8463 when such a key is active too).
 * It reads the message's header and body where they lie in the writer's buffer, and hashes the body once for all
 * keys. Not thread-safe: one per SMTP connection, like the writer.
 *
 * <p>{@code h=} names From, To, Subject, Date, Message-ID, MIME-Version and Content-Type, and Content-Language,
 * List-Id, List-Unsubscribe and List-Unsubscribe-Post where the message has them (RFC 8058 wants the last two signed;
 * mail clients act on the language too, offering to translate). From
 * and Subject are named once more than the message holds them, so a copy added on the way breaks the signature rather
 * than being shown in place of the signed one.
 */
public final class DkimSigner {

    private static final byte[] UNSIGNED = new byte[0];
    private static final String[] ALWAYS = {"from", "to", "subject", "date", "message-id", "mime-version",
            "content-type"};
    private static final String[] WHERE_PRESENT = {"content-language", "list-id", "list-unsubscribe",
            "list-unsubscribe-post"};
    private static final int MAX_FIELDS = 64;
    private static final int LINE = 76;

    private final Supplier<SigningKeys> keys;
    private final boolean awsLc;
    private final MessageDigest sha256;
    private final RelaxedCanonicalization.Bytes canonical = new RelaxedCanonicalization.Bytes(4096);
    private final RelaxedCanonicalization.Bytes signatureHeader = new RelaxedCanonicalization.Bytes(1024);
    private final int[] fieldStart = new int[MAX_FIELDS];
    private final int[] fieldEnd = new int[MAX_FIELDS];
    private final boolean[] used = new boolean[MAX_FIELDS];
    private int fields;
    private SigningKeys seen = SigningKeys.NONE;
    private Signature[] signatures = new Signature[0];

    /**
     * @param keys  the keys that sign now, asked before each message; cheap to ask
     * @param awsLc RSA signed by AWS-LC where its library loads ({@code dispatch.mail.dkim.native-rsa}); false, or
     *              where it does not load, by the JDK
     */
    public DkimSigner(Supplier<SigningKeys> keys, boolean awsLc) {
        this.keys = keys;
        this.awsLc = awsLc;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** A signer that never signs, for connections without DKIM. */
    public static DkimSigner unsigned() {
        return new DkimSigner(() -> SigningKeys.NONE, false);
    }

    /** Whether a key signs now; the keys may change before the next {@link #sign}, which asks again. */
    public boolean signs() {
        return !keys.get().keys().isEmpty();
    }

    /**
     * The {@code DKIM-Signature} header fields, CRLF-terminated, to put before the message; none when no key signs.
     *
     * @param message     the message as it goes on the wire (CRLF line ends, ASCII), from its first header
     * @param length      its length in the buffer
     * @param unchangedTo where the first thing in the body that relaxed canonicalisation would change can lie, as the
     *                    message's writer knows (0 when it does not): the body before it is not scanned for one. A
     *                    digest's 50 KB of quoted-printable usually hold none, and the scan took a tenth of a signing
     *                    worker's CPU in the pipeline benchmark (profiled)
     * @param time        the signing time, {@code t=}: the message's Date, in seconds since the epoch
     */
    public byte[] sign(byte[] message, int length, int unchangedTo, long time) {
        SigningKeys now = keys.get();
        if (now.keys().isEmpty()) {
            return UNSIGNED;
        }
        if (now != seen) {
            signatures = signatures(now.keys());
            seen = now;
        }
        int bodyStart = Math.min(scanFields(message, length) + 2, length);

        sha256.reset();
        RelaxedCanonicalization.body(message, bodyStart, length, unchangedTo, sha256);
        String bodyHash = Base64.getEncoder().encodeToString(sha256.digest());

        canonical.reset();
        StringBuilder names = new StringBuilder(200);
        Arrays.fill(used, 0, fields, false);
        for (String name : ALWAYS) {
            int count = signFields(message, name, names);
            if (count == 0 || name.equals("from") || name.equals("subject")) {
                appendName(names, name);
            }
        }
        for (String name : WHERE_PRESENT) {
            signFields(message, name, names);
        }

        StringBuilder headers = new StringBuilder(1024 * now.keys().size());
        for (int k = 0; k < now.keys().size(); k++) {
            SigningKeys.Key key = now.keys().get(k);
            String opening = "DKIM-Signature: v=1; a=" + key.algorithm().tag() + "; c=relaxed/relaxed;";
            String identity = "d=" + now.domain() + "; s=" + key.selector() + ";";
            if (1 + identity.length() > LINE) {
                identity = "d=" + now.domain() + ";\r\n\ts=" + key.selector() + ";";
            }
            // A long domain or selector goes on a line of its own: RFC 5322 asks for lines of 78 at most.
            String unsigned = opening + (opening.length() + 1 + identity.length() <= LINE ? " " : "\r\n\t") + identity
                    + "\r\n\tt=" + time + "; h=" + names + ";\r\n\tbh=" + bodyHash + ";\r\n\tb=";
            byte[] bytes = unsigned.getBytes(StandardCharsets.US_ASCII);
            signatureHeader.reset();
            RelaxedCanonicalization.header(bytes, 0, bytes.length, signatureHeader, false);
            String b = Base64.getEncoder().encodeToString(signature(signatures[k], key.algorithm()));
            headers.append(unsigned);
            // "b=" and the first piece share a line; verifiers drop the value's folding with the value (§3.7).
            int first = LINE - "\tb=".length();
            headers.append(b, 0, Math.min(first, b.length()));
            for (int i = first; i < b.length(); i += LINE - 1) {
                headers.append("\r\n\t").append(b, i, Math.min(i + LINE - 1, b.length()));
            }
            headers.append("\r\n");
        }
        return headers.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Finds the header's fields ({@link #fieldStart}, {@link #fieldEnd}, {@link #fields}).
     *
     * @return where the header ends: at the empty line before the body
     */
    private int scanFields(byte[] message, int length) {
        // A method of its own: this loop over every byte of the header made the JIT compile the whole of sign() for
        // it on the stack (OSR), 2 s of C2's time in a freshly started jar's first run (JFR, 5 December 2026).
        fields = 0;
        int at = 0;
        while (at < length && !(message[at] == '\r' && at + 1 < length && message[at + 1] == '\n')) {
            int end = at;
            do {
                while (end < length && message[end] != '\n') {
                    end++;
                }
                end = Math.min(end + 1, length);
            } while (end < length && (message[end] == ' ' || message[end] == '\t'));
            if (fields == MAX_FIELDS) {
                throw new IllegalStateException("a message of more than " + MAX_FIELDS + " header fields");
            }
            fieldStart[fields] = at;
            fieldEnd[fields] = end;
            fields++;
            at = end;
        }
        return at;
    }

    /**
     * Canonicalises every field of that name into the signed header data, from the last one up as RFC 6376 §5.4.2
     * pairs repeated names with fields, and names each in {@code h=}.
     *
     * @return how many the message has
     */
    private int signFields(byte[] message, String name, StringBuilder names) {
        int count = 0;
        for (int i = fields - 1; i >= 0; i--) {
            if (!used[i] && named(message, fieldStart[i], fieldEnd[i], name)) {
                used[i] = true;
                RelaxedCanonicalization.header(message, fieldStart[i], fieldEnd[i], canonical, true);
                appendName(names, name);
                count++;
            }
        }
        return count;
    }

    /** Adds a name to {@code h=}, folding before it when the line would grow too long. */
    private static void appendName(StringBuilder names, String name) {
        if (!names.isEmpty()) {
            names.append(':');
        }
        int lineStart = names.lastIndexOf("\n") + 1;
        int column = lineStart == 0 ? "\tt=1234567890; h=".length() + names.length() : 1 + names.length() - lineStart;
        if (column + name.length() + 2 > LINE) {
            names.append("\r\n\t");
        }
        names.append(name);
    }

    private byte[] signature(Signature signature, DkimAlgorithm algorithm) {
        try {
            if (algorithm == DkimAlgorithm.ED25519_SHA256) {
                // RFC 8463 §3: Ed25519 signs the SHA-256 of the header data, not the data itself.
                sha256.reset();
                sha256.update(canonical.data(), 0, canonical.size());
                sha256.update(signatureHeader.data(), 0, signatureHeader.size());
                signature.update(sha256.digest());
            } else {
                signature.update(canonical.data(), 0, canonical.size());
                signature.update(signatureHeader.data(), 0, signatureHeader.size());
            }
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("DKIM signing failed", e);
        }
    }

    private Signature[] signatures(List<SigningKeys.Key> keys) {
        // Asked only here, once a key signs: a node without DKIM never loads the library.
        Provider rsa = awsLc ? NativeRsa.provider().orElse(null) : null;
        Signature[] signatures = new Signature[keys.size()];
        for (int i = 0; i < signatures.length; i++) {
            SigningKeys.Key key = keys.get(i);
            try {
                signatures[i] = key.algorithm() == DkimAlgorithm.ED25519_SHA256 ? Signature.getInstance("Ed25519")
                        : rsa == null ? Signature.getInstance("SHA256withRSA")
                        : Signature.getInstance("SHA256withRSA", rsa);
                signatures[i].initSign(key.privateKey());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the key of selector " + key.selector() + " cannot sign", e);
            }
        }
        return signatures;
    }

    private static boolean named(byte[] message, int start, int end, String name) {
        int length = name.length();
        if (end - start <= length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            byte b = message[start + i];
            if ((b >= 'A' && b <= 'Z' ? b + 32 : b) != name.charAt(i)) {
                return false;
            }
        }
        int after = start + length;
        while (after < end && (message[after] == ' ' || message[after] == '\t')) {
            after++;
        }
        return after < end && message[after] == ':';
    }
}
