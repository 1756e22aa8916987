package news.dispatch.scheduler.benchmark;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An SMTP server in this JVM that keeps the first messages it gets exactly as they came over the wire (the DATA
 * section, dot-stuffed, without the final dot), so that the raw client can later push the same bytes to
 * smtp-sink. Used during the warm-up only: it is slower than smtp-sink and shares this JVM's CPU.
 */
final class CapturingSmtpServer implements AutoCloseable {

    /**
     * One message as sent: its recipient and its DATA bytes, kept outside the heap. The benchmark's JVM has the app's
     * 256 MB; 400 digests held there were 22 MB of the 92 MB live during the measured delivery, data the app does not
     * have, which G1 marked at each of its cycles.
     */
    record Captured(String recipient, ByteBuffer data) {

        static Captured of(String recipient, byte[] bytes) {
            ByteBuffer data = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
            return new Captured(recipient, data.asReadOnlyBuffer());
        }

        int length() {
            return data.remaining();
        }

        /** Writes the bytes through {@code scratch}, a buffer of the caller's at least as large as the message. */
        void writeTo(OutputStream out, byte[] scratch) throws IOException {
            int length = length();
            data.get(0, scratch, 0, length);
            out.write(scratch, 0, length);
        }
    }

    private final ServerSocket server;
    private final int keep;
    private final List<Captured> captured = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile boolean open = true;

    CapturingSmtpServer(int keep) throws IOException {
        this.keep = keep;
        this.server = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "capturing-smtp");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    int accepted() {
        return accepted.get();
    }

    List<Captured> captured() {
        return List.copyOf(captured);
    }

    private void accept() {
        while (open) {
            try {
                Socket socket = server.accept();
                socket.setTcpNoDelay(true);
                Thread session = new Thread(() -> converse(socket), "capturing-smtp-session");
                session.setDaemon(true);
                session.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void converse(Socket socket) {
        try (socket; InputStream in = new BufferedInputStream(socket.getInputStream(), 65536);
             OutputStream out = socket.getOutputStream()) {
            reply(out, "220 capture ESMTP");
            String recipient = null;
            for (String line; (line = line(in)) != null; ) {
                String command = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line.toUpperCase();
                switch (command) {
                    // What smtp-sink advertises, so that Jakarta Mail behaves as it does there.
                    case "EHLO" -> reply(out, "250-capture\r\n250-PIPELINING\r\n250-8BITMIME\r\n"
                            + "250-ENHANCEDSTATUSCODES\r\n250 DSN");
                    case "RCPT" -> {
                        recipient = line.substring(line.indexOf('<') + 1, line.lastIndexOf('>'));
                        reply(out, "250 2.1.5 Ok");
                    }
                    case "DATA" -> {
                        reply(out, "354 End data with <CR><LF>.<CR><LF>");
                        byte[] data = data(in);
                        if (captured.size() < keep) {
                            captured.add(Captured.of(recipient, data));
                        }
                        accepted.incrementAndGet();
                        reply(out, "250 2.0.0 Ok");
                    }
                    case "QUIT" -> {
                        reply(out, "221 2.0.0 Bye");
                        return;
                    }
                    default -> reply(out, "250 2.0.0 Ok");
                }
            }
        } catch (IOException e) {
            // The client went away.
        }
    }

    /** The bytes up to the line that is a single dot, that line left out. */
    private static byte[] data(InputStream in) throws IOException {
        ByteArrayOutputStream data = new ByteArrayOutputStream(64 * 1024);
        ByteArrayOutputStream line = new ByteArrayOutputStream(1024);
        while (true) {
            line.reset();
            int b;
            while ((b = in.read()) != -1) {
                line.write(b);
                if (b == '\n') {
                    break;
                }
            }
            if (b == -1) {
                throw new IOException("connection closed in DATA");
            }
            byte[] bytes = line.toByteArray();
            if (bytes.length == 3 && bytes[0] == '.' && bytes[1] == '\r') {
                return data.toByteArray();
            }
            data.write(bytes);
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b; (b = in.read()) != -1; ) {
            if (b == '\n') {
                return line.toString().strip();
            }
            line.append((char) b);
        }
        return null;
    }

    private static void reply(OutputStream out, String reply) throws IOException {
        out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        open = false;
        server.close();
    }
}
