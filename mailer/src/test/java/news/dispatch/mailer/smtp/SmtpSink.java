package news.dispatch.mailer.smtp;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
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
 * <p>
 * A test that needs an outage and then the server back on the same port {@linkplain #goDown() takes it down} and
 * {@linkplain #comeBack() brings it back} instead of closing it and opening another: the port stays bound all along.
 * A port left free for a while can be taken meanwhile, by another program or by a client that keeps connecting to it
 * and is handed that very port as its own end.
 */
public final class SmtpSink implements AutoCloseable {

    /** The end of data's reply that accepts the message. */
    public static final String ACCEPTED = "250 OK queued";
    /** As the end of data's reply: the connection is closed instead, the message not taken. */
    public static final String HANG_UP = "";

    private final ServerSocket server;
    private final Function<String, String> recipientReply;
    private final Function<String, String> dataReply;
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private final List<String> recipients = new CopyOnWriteArrayList<>();
    private final boolean keepRecipients;
    private final boolean keepMessages;
    private final List<byte[]> messages = new CopyOnWriteArrayList<>();
    private final List<Socket> unanswered = new CopyOnWriteArrayList<>();
    private volatile String senderReply = "250 OK";
    private volatile Mode mode = Mode.SERVING;
    private volatile boolean open = true;

    private enum Mode { SERVING, DOWN, SILENT }

    private SmtpSink(int port, Function<String, String> recipientReply, Function<String, String> dataReply,
                     boolean keepRecipients, boolean keepMessages) throws IOException {
        this.server = new ServerSocket(port, 128, InetAddress.getLoopbackAddress());
        this.recipientReply = recipientReply;
        this.dataReply = dataReply;
        this.keepRecipients = keepRecipients;
        this.keepMessages = keepMessages;
        Thread acceptor = new Thread(this::accept, "smtp-sink");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Accepts everything, on a free port. */
    public static SmtpSink accepting() throws IOException {
        return new SmtpSink(0, recipient -> "250 OK", recipient -> ACCEPTED, true, false);
    }

    /**
     * Accepts everything and keeps each message as it came over the wire, dot-stuffing undone: the bytes a DKIM
     * verifier at the receiving end reads. (Lines are kept with CRLF, the only line end SMTP carries.)
     */
    public static SmtpSink keepingMessages() throws IOException {
        return new SmtpSink(0, recipient -> "250 OK", recipient -> ACCEPTED, true, true);
    }

    /** Answers each recipient with the reply the function gives, e.g. {@code "550 5.1.1 no such user"}. */
    public static SmtpSink replying(Function<String, String> recipientReply) throws IOException {
        return new SmtpSink(0, recipientReply, recipient -> ACCEPTED, true, false);
    }

    /**
     * Answers each recipient with the reply the first function gives, and the end of each message's data with the
     * reply the second gives for its recipient: {@code "554 5.7.1 refused"}, or {@link #HANG_UP} to close the
     * connection without a word (a server that crashed), or {@link #ACCEPTED}.
     */
    public static SmtpSink replying(Function<String, String> recipientReply, Function<String, String> dataReply)
            throws IOException {
        return new SmtpSink(0, recipientReply, dataReply, true, false);
    }

    /** For benchmarks: counts, keeps nothing. */
    public static SmtpSink discarding() throws IOException {
        return new SmtpSink(0, recipient -> "250 OK", recipient -> ACCEPTED, false, false);
    }

    /** Answers every {@code MAIL FROM} so from now on, e.g. {@code "530 5.7.0 Must issue a STARTTLS command first"}. */
    public void answerSenders(String reply) {
        senderReply = reply;
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

    /** The messages kept by a {@link #keepingMessages()} sink, in the order they arrived. */
    public List<byte[]> messages() {
        return List.copyOf(messages);
    }

    private void accept() {
        while (open) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException closed) {
                return;
            }
            try {
                switch (mode) {
                    case DOWN -> reset(socket);
                    case SILENT -> unanswered.add(socket);
                    case SERVING -> {
                        socket.setTcpNoDelay(true);
                        connections.incrementAndGet();
                        Thread session = new Thread(() -> converse(socket), "smtp-sink-session");
                        session.setDaemon(true);
                        session.start();
                    }
                }
            } catch (IOException e) {
                // That client is gone already.
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
                if (!open || mode != Mode.SERVING) {
                    reply(out, "421 4.3.2 sink shutting down");
                    return;
                }
                String command = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line.toUpperCase();
                switch (command) {
                    case "EHLO" -> reply(out, "250-sink\r\n250-8BITMIME\r\n250 PIPELINING");
                    case "HELO" -> reply(out, "250 sink");
                    case "MAIL" -> {
                        recipient = null;
                        String answer = senderReply;
                        refused = !answer.startsWith("2");
                        reply(out, answer);
                    }
                    case "RCPT" -> {
                        if (refused && recipient == null) {
                            reply(out, "503 5.5.1 Error: need MAIL command");
                            continue;
                        }
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
                        ByteArrayOutputStream message = keepMessages ? new ByteArrayOutputStream(64 * 1024) : null;
                        for (String data; (data = in.readLine()) != null && !data.equals("."); ) {
                            if (message != null) {
                                String unstuffed = data.startsWith(".") ? data.substring(1) : data;
                                message.writeBytes((unstuffed + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                            }
                        }
                        String answer = dataReply.apply(recipient);
                        if (answer.equals(HANG_UP)) {
                            return;
                        }
                        if (!answer.startsWith("2")) {
                            reply(out, answer);
                            continue;
                        }
                        if (message != null) {
                            messages.add(message.toByteArray());
                        }
                        accepted.incrementAndGet();
                        if (keepRecipients) {
                            recipients.add(recipient);
                        }
                        reply(out, answer);
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

    /**
     * Down as a stopped server is, but still holding its port: open connections finish the message in hand, then
     * answer {@code 421} and hang up; new ones are reset as soon as they are made.
     */
    public void goDown() throws IOException {
        mode = Mode.DOWN;
        hangUpUnanswered();
    }

    /** Accepts connections and never says a word on them, as a server that hangs does. */
    public void fallSilent() {
        mode = Mode.SILENT;
    }

    /** Serving again, on the same port, with the recipients it has kept so far. */
    public void comeBack() throws IOException {
        mode = Mode.SERVING;
        hangUpUnanswered();
    }

    /** Forgets the recipients and messages it has kept, for the next test that shares it. */
    public void forgetRecipients() {
        recipients.clear();
        messages.clear();
    }

    private void hangUpUnanswered() throws IOException {
        for (Socket socket : unanswered) {
            socket.close();
        }
        unanswered.clear();
    }

    private static void reset(Socket socket) throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        open = false;
        server.close();
        hangUpUnanswered();
    }
}
