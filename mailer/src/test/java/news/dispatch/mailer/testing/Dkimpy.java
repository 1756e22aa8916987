package news.dispatch.mailer.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An independent DKIM verifier for the tests: Debian's {@code python3-dkim} (dkimpy, with {@code python3-nacl} for
 * Ed25519), given a message's bytes as received and DNS answered from the records the app says to publish. Where it
 * is missing the tests that need it are skipped, except in CI ({@code CI=true}), where they must run.
 */
public final class Dkimpy {

    public static final Path PYTHON = Path.of("/usr/bin/python3");
    public static final String INSTALL = "apt-get install -y python3-dkim python3-nacl";

    /** Verifies each DKIM-Signature of the message in turn, DNS answered from argv's name=record pairs. */
    private static final String SCRIPT = """
            import sys, logging, dkim
            logging.basicConfig(level=logging.DEBUG, stream=sys.stderr)
            message = open(sys.argv[1], 'rb').read()
            records = {}
            for pair in sys.argv[2:]:
                name, record = pair.split('=', 1)
                records[name.lower().rstrip('.')] = record.encode('ascii')
            def dns(name, timeout=5):
                name = name.decode('ascii') if isinstance(name, bytes) else name
                return records.get(name.lower().rstrip('.'))
            head = message.split(b'\\r\\n\\r\\n', 1)[0]
            count = sum(1 for line in head.split(b'\\r\\n') if line.lower().startswith(b'dkim-signature:'))
            for i in range(count):
                d = dkim.DKIM(message, logger=logging.getLogger('dkim'), minkey=2048)
                try:
                    ok, detail = d.verify(idx=i, dnsfunc=dns), ''
                except Exception as e:
                    ok, detail = False, repr(e)
                fields = d.signature_fields or {}
                print('\\t'.join([str(i), 'pass' if ok else 'fail', fields.get(b'a', b'?').decode(),
                                  fields.get(b's', b'?').decode(), detail]))
            """;

    private Dkimpy() {
    }

    /** Skips the test where dkimpy is missing, or fails it in CI. */
    public static void assumeInstalled() {
        boolean installed;
        try {
            Process probe = new ProcessBuilder(PYTHON.toString(), "-c", "import dkim, nacl").start();
            installed = probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException e) {
            installed = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            installed = false;
        }
        if (!installed && "true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI runs the DKIM verification tests, but dkimpy is missing: " + INSTALL);
        }
        assumeTrue(installed, "dkimpy is missing: " + INSTALL);
    }

    /**
     * What dkimpy says of each DKIM-Signature of the message, top first.
     *
     * @param records the TXT records by DNS name, as published
     */
    public static List<Verdict> verify(byte[] message, Map<String, String> records) {
        try {
            Path file = Files.createTempFile("dkim", ".eml");
            try {
                Files.write(file, message);
                List<String> command = new ArrayList<>(List.of(PYTHON.toString(), "-c", SCRIPT, file.toString()));
                records.forEach((name, record) -> command.add(name + "=" + record));
                Process python = new ProcessBuilder(command).redirectErrorStream(false).start();
                String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                String err = new String(python.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!python.waitFor(60, TimeUnit.SECONDS) || python.exitValue() != 0) {
                    throw new IllegalStateException("dkimpy failed: " + err);
                }
                List<Verdict> verdicts = new ArrayList<>();
                for (String line : out.lines().toList()) {
                    if (!line.isBlank()) {
                        String[] fields = line.split("\t", -1);
                        verdicts.add(new Verdict(fields[1].equals("pass"), fields[2], fields[3],
                                fields[4].isEmpty() ? err.strip() : fields[4]));
                    }
                }
                return verdicts;
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * dkimpy's word on one signature.
     *
     * @param detail why it failed, as dkimpy logged it
     */
    public record Verdict(boolean pass, String algorithm, String selector, String detail) {

        @Override
        public String toString() {
            return (pass ? "pass " : "FAIL ") + algorithm + " s=" + selector + (pass ? "" : " (" + detail + ")");
        }
    }
}
