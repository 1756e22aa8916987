package news.dispatch.mailer.smtp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A minimal SMTP server on loopback that accepts and discards, for tests and benchmarks: far faster than
 * GreenMail, and it can answer a recipient with any reply code ({@code 550} refuses for good, {@code 451} for now).
 * Closed, it goes down as a server that is stopped does: no new connections, and the open ones finish the message
 * in hand, then answer {@code 421} and hang up.
 */
public final class SmtpSink implements AutoCloseable {

    private final ServerSocket server;
    private final Function<String, String> recipientReply;
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private final List<String> recipients = new CopyOnWriteArrayList<>();
    private final boolean keepRecipients;
    private volatile boolean open = true;

    private SmtpSink(int port, Function<String, String> recipientReply, boolean keepRecipients) throws IOException {
        this.server = new ServerSocket(port, 128, InetAddress.getLoopbackAddress());
        this.recipientReply = recipientReply;
        this.keepRecipients = keepRecipients;
        Thread acceptor = new Thread(this::accept, "smtp-sink");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Accepts everything, on a free port. */
    public static SmtpSink accepting() throws IOException {
        return new SmtpSink(0, recipient -> "250 OK", true);
    }

    /** Accepts everything, on the given port: a server started again where an earlier one ran. */
    public static SmtpSink accepting(int port) throws IOException {
        return new SmtpSink(port, recipient -> "250 OK", true);
    }

    /** Answers each recipient with the reply the function gives, e.g. {@code "550 5.1.1 no such user"}. */
    public static SmtpSink replying(int port, Function<String, String> recipientReply) throws IOException {
        return new SmtpSink(port, recipientReply, true);
    }

    /** For benchmarks: counts, keeps nothing. */
    public static SmtpSink discarding() throws IOException {
        return new SmtpSink(0, recipient -> "250 OK", false);
    }

    public int port() {
        return server.getLocalPort();
    }

    public int accepted() {
        return accepted.get();
    }

    public int connections() {
        return connections.get();
    }

    public List<String> recipients() {
        return List.copyOf(recipients);
    }

    private void accept() {
        while (open) {
            try {
                Socket socket = server.accept();
                socket.setTcpNoDelay(true);
                connections.incrementAndGet();
                Thread session = new Thread(() -> converse(socket), "smtp-sink-session");
                session.setDaemon(true);
                session.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void converse(Socket socket) {
        try (socket) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.ISO_8859_1), 64 * 1024);
            OutputStream out = socket.getOutputStream();
            reply(out, "220 sink ESMTP ready");
            String recipient = null;
            boolean refused = false;
            for (String line; (line = in.readLine()) != null; ) {
                if (!open) {
                    reply(out, "421 4.3.2 sink shutting down");
                    return;
                }
                String command = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line.toUpperCase();
                switch (command) {
                    case "EHLO" -> reply(out, "250-sink\r\n250-8BITMIME\r\n250 PIPELINING");
                    case "HELO" -> reply(out, "250 sink");
                    case "MAIL" -> {
                        recipient = null;
                        refused = false;
                        reply(out, "250 OK");
                    }
                    case "RCPT" -> {
                        recipient = line.substring(line.indexOf(':') + 1).replaceAll("[<>\\s]", "");
                        String answer = recipientReply.apply(recipient);
                        refused = !answer.startsWith("2");
                        reply(out, answer);
                    }
                    case "DATA" -> {
                        if (recipient == null || refused) {
                            reply(out, "554 no valid recipients");
                            continue;
                        }
                        reply(out, "354 go ahead");
                        for (String data; (data = in.readLine()) != null && !data.equals("."); ) {
                            // discarded
                        }
                        accepted.incrementAndGet();
                        if (keepRecipients) {
                            recipients.add(recipient);
                        }
                        reply(out, "250 OK queued");
                    }
                    case "QUIT" -> {
                        reply(out, "221 bye");
                        return;
                    }
                    default -> reply(out, "250 OK");
                }
            }
        } catch (IOException e) {
            // The client went away.
        }
    }

    private static void reply(OutputStream out, String reply) throws IOException {
        out.write((reply + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        open = false;
        server.close();
    }
}
