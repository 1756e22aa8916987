package news.dispatch.mailer.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Postfix's {@code smtp-sink} on loopback, started and stopped by the benchmark or a test: a real SMTP server, written
 * in C, that accepts every message and discards it (or keeps each in a file of its own), in a process of its own. It
 * offers PIPELINING and 8BITMIME, as Postfix does.
 */
public final class SmtpSinkProcess implements AutoCloseable {

    public static final Path BINARY = Path.of("/usr/sbin/smtp-sink");
    public static final String INSTALL = "DEBIAN_FRONTEND=noninteractive apt-get install -y postfix "
            + "&& systemctl disable --now postfix   # only /usr/sbin/smtp-sink is used";

    private final Process process;
    private final int port;

    private SmtpSinkProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    /** Skips the test where {@code smtp-sink} is missing, or fails it in CI ({@code CI=true}), where it must run. */
    public static void assumeInstalled() {
        if (!installed() && "true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI runs the tests against Postfix's smtp-sink, but it is missing: " + INSTALL);
        }
        assumeTrue(installed(), "smtp-sink is missing: " + INSTALL);
    }

    /** Starts it on a free port, with room for {@code connections} sessions at once, and waits until it answers. */
    public static SmtpSinkProcess start(int connections) throws IOException, InterruptedException {
        return start(connections, null);
    }

    /**
     * Starts one that keeps each message in a file of {@code dumps}: its envelope as {@code X-Mail-Args} and
     * {@code X-Rcpt-Args} fields, a {@code Received} field, then the message as received, dots unstuffed, lines
     * ending in LF.
     */
    public static SmtpSinkProcess keeping(Path dumps) throws IOException, InterruptedException {
        Files.createDirectories(dumps);
        // It writes as the user it drops to.
        dumps.toFile().setWritable(true, false);
        dumps.toFile().setExecutable(true, false);
        return start(4, dumps);
    }

    private static SmtpSinkProcess start(int connections, Path dumps) throws IOException, InterruptedException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(BINARY.toString()));
        if ("root".equals(System.getProperty("user.name"))) {
            // It refuses to run as root without a user to drop to.
            command.addAll(List.of("-u", "nobody"));
        }
        if (dumps != null) {
            command.addAll(List.of("-d", dumps.toAbsolutePath() + "/%M."));
        }
        command.addAll(List.of("-m", String.valueOf(Math.max(64, connections * 2)), "127.0.0.1:" + port, "256"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return new SmtpSinkProcess(process, port);
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroy();
                    throw new IOException("smtp-sink did not start on port " + port + ": " + command, notYet);
                }
                Thread.sleep(20);
            }
        }
    }

    public int port() {
        return port;
    }

    /** CPU time the sink has used so far (user and system, from /proc), or -1 where that cannot be read. */
    public long cpuMillis() {
        try {
            String[] fields = Files.readString(Path.of("/proc/" + process.pid() + "/stat")).split(" ");
            // utime and stime, fields 14 and 15, in clock ticks (100 a second on Linux).
            return (Long.parseLong(fields[13]) + Long.parseLong(fields[14])) * 10;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        process.destroy();
    }
}
