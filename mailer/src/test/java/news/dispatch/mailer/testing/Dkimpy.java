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

    /**
     * Verifies each DKIM-Signature of each message file in turn (argv: the number of files, the files, then
     * name=record pairs that answer DNS), one line a signature: message, pass or fail, a=, s=, why it failed.
     */
    private static final String SCRIPT = """
            import sys, logging, dkim
            logging.basicConfig(level=logging.DEBUG, stream=sys.stderr)
            files = sys.argv[2:2 + int(sys.argv[1])]
            records = {}
            for pair in sys.argv[2 + len(files):]:
                name, record = pair.split('=', 1)
                records[name.lower().rstrip('.')] = record.encode('ascii')
            def dns(name, timeout=5):
                name = name.decode('ascii') if isinstance(name, bytes) else name
                return records.get(name.lower().rstrip('.'))
            for m, file in enumerate(files):
                message = open(file, 'rb').read()
                head = message.split(b'\\r\\n\\r\\n', 1)[0]
                count = sum(1 for line in head.split(b'\\r\\n') if line.lower().startswith(b'dkim-signature:'))
                for i in range(count):
                    d = dkim.DKIM(message, logger=logging.getLogger('dkim'), minkey=2048)
                    try:
                        ok, detail = d.verify(idx=i, dnsfunc=dns), ''
                    except Exception as e:
                        ok, detail = False, repr(e)
                    fields = d.signature_fields or {}
                    print('\\t'.join([str(m), 'pass' if ok else 'fail', fields.get(b'a', b'?').decode(),
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
        return verify(List.of(message), records).get(0);
    }

    /** The same for several messages at once (one process): their verdicts in their order. */
    public static List<List<Verdict>> verify(List<byte[]> messages, Map<String, String> records) {
        List<Path> files = new ArrayList<>();
        try {
            for (byte[] message : messages) {
                Path file = Files.createTempFile("dkim", ".eml");
                files.add(file);
                Files.write(file, message);
            }
            List<String> command = new ArrayList<>(List.of(PYTHON.toString(), "-c", SCRIPT,
                    String.valueOf(files.size())));
            files.forEach(file -> command.add(file.toString()));
            records.forEach((name, record) -> command.add(name + "=" + record));
            // dkimpy's log goes to a file: read from a pipe after the output, a long one would block it.
            Path log = Files.createTempFile("dkim", ".log");
            files.add(log);
            Process python = new ProcessBuilder(command).redirectError(log.toFile()).start();
            String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            boolean done = python.waitFor(60, TimeUnit.SECONDS);
            String err = Files.readString(log, StandardCharsets.UTF_8);
            if (!done || python.exitValue() != 0) {
                throw new IllegalStateException("dkimpy failed: " + err);
            }
            List<List<Verdict>> verdicts = new ArrayList<>();
            messages.forEach(message -> verdicts.add(new ArrayList<>()));
            for (String line : out.lines().toList()) {
                String[] fields = line.split("\t", -1);
                verdicts.get(Integer.parseInt(fields[0])).add(new Verdict(fields[1].equals("pass"), fields[2],
                        fields[3], fields[4].isEmpty() ? tail(err) : fields[4]));
            }
            return verdicts;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            for (Path file : files) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    // A temporary file left behind harms nothing.
                }
            }
        }
    }

    /** The end of dkimpy's log, where it says why the last signature failed. */
    private static String tail(String log) {
        String trimmed = log.strip();
        return trimmed.length() <= 2_000 ? trimmed : "…" + trimmed.substring(trimmed.length() - 2_000);
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
