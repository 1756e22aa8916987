package news.dispatch.scheduler.benchmark;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import news.dispatch.scheduler.benchmark.CapturingSmtpServer.Captured;

/**
 * The least an SMTP client can do: over each connection, for every message, {@code MAIL FROM}, {@code RCPT TO},
 * {@code DATA}, the message's bytes as captured and the final dot. When the server offers PIPELINING (RFC 2920), as
 * {@code smtp-sink} does, the three commands go in one write and the message before's final reply is read with
 * theirs, as Dispatch's own client does: one round trip a message; otherwise each command waits for its reply. No
 * encoding, no database, no templates: what it reaches is the server's ceiling for these bytes over this many
 * connections.
 */
final class RawSmtpClient {

    private RawSmtpClient() {
    }

    /**
     * How long it took, and each message's time from its {@code MAIL FROM} to the server's acceptance; whether the
     * server offered PIPELINING and the client used it.
     */
    record Result(long nanos, long[] latencies, long bytes, boolean pipelined) {
    }

    static Result push(int port, List<Captured> messages, int count, int connections) throws InterruptedException {
        long[] latencies = new long[count];
        long[] bytes = new long[connections];
        AtomicReference<Exception> failure = new AtomicReference<>();
        AtomicBoolean pipelining = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < connections; c++) {
            int connection = c;
            Thread thread = new Thread(() -> {
                byte[] scratch = new byte[messages.stream().mapToInt(Captured::length).max().orElse(0)];
                try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    socket.setTcpNoDelay(true);
                    InputStream in = new BufferedInputStream(socket.getInputStream());
                    OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
                    expect(in, '2');
                    command(out, "EHLO raw.client");
                    if (expect(in, '2').contains("PIPELINING")) {
                        pipelining.set(true);
                        pipelined(in, out, messages, count, connections, connection, latencies, bytes, scratch);
                        command(out, "QUIT");
                        expect(in, '2');
                        return;
                    }
                    for (int i = connection; i < count; i += connections) {
                        Captured message = messages.get(i % messages.size());
                        long sent = System.nanoTime();
                        command(out, "MAIL FROM:<news@news.example>");
                        expect(in, '2');
                        command(out, "RCPT TO:<" + message.recipient() + ">");
                        expect(in, '2');
                        command(out, "DATA");
                        expect(in, '3');
                        message.writeTo(out, scratch);
                        out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        expect(in, '2');
                        latencies[i] = System.nanoTime() - sent;
                        bytes[connection] += message.length();
                    }
                    command(out, "QUIT");
                    expect(in, '2');
                } catch (IOException | RuntimeException e) {
                    failure.compareAndSet(null, e);
                }
            }, "raw-smtp-" + c);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        long nanos = System.nanoTime() - start;
        if (failure.get() != null) {
            throw new IllegalStateException("the raw client failed", failure.get());
        }
        long total = 0;
        for (long b : bytes) {
            total += b;
        }
        return new Result(nanos, latencies, total, pipelining.get());
    }

    /** Each message's envelope in one write; its final reply is read with the next one's envelope replies. */
    private static void pipelined(InputStream in, OutputStream out, List<Captured> messages, int count,
                                  int connections, int connection, long[] latencies, long[] bytes, byte[] scratch)
            throws IOException {
        int previous = -1;
        long previousSent = 0;
        for (int i = connection; i < count; i += connections) {
            Captured message = messages.get(i % messages.size());
            long sent = System.nanoTime();
            out.write(("MAIL FROM:<news@news.example>\r\nRCPT TO:<" + message.recipient() + ">\r\nDATA\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            if (previous >= 0) {
                expect(in, '2');
                latencies[previous] = System.nanoTime() - previousSent;
            }
            expect(in, '2');
            expect(in, '2');
            expect(in, '3');
            message.writeTo(out, scratch);
            out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            bytes[connection] += message.length();
            previous = i;
            previousSent = sent;
        }
        if (previous >= 0) {
            expect(in, '2');
            latencies[previous] = System.nanoTime() - previousSent;
        }
    }

    private static void command(OutputStream out, String command) throws IOException {
        out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Reads a reply, every line of it, checks its first digit, and answers its text. */
    private static String expect(InputStream in, char first) throws IOException {
        StringBuilder reply = new StringBuilder();
        while (true) {
            StringBuilder line = new StringBuilder();
            for (int b; (b = in.read()) != '\n'; ) {
                if (b == -1) {
                    throw new IOException("the server closed the connection");
                }
                line.append((char) b);
            }
            if (line.length() < 4 || line.charAt(0) != first) {
                throw new IOException("unexpected reply: " + line);
            }
            reply.append(line).append('\n');
            if (line.charAt(3) != '-') {
                return reply.toString();
            }
        }
    }
}
