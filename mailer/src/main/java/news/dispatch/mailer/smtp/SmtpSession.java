package news.dispatch.mailer.smtp;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * One open SMTP session, greeted, secured and authenticated as the route asks: the socket, its buffered streams, the
 * extensions the server offered, and reading replies. What is sent over it is {@link SmtpConnection}'s business.
 */
final class SmtpSession implements AutoCloseable {

    private static final int BUFFER = 16 * 1024;

    /**
     * What is written is held until a flush up to this size: a digest of 50–60 KB, its signature and its header then
     * go to the socket in one write, where a buffer of 16 KB sent the header and the body in two. Each write wakes
     * the server; to {@code smtp-sink} on loopback one write instead of two took 3–6 µs less of the client's CPU and
     * 5–10 µs less of the server's a 55 KB message (a throwaway probe, 20,000 messages a round, 5 December 2026).
     * Larger messages still go out in two.
     */
    private static final int MESSAGE = 128 * 1024;

    private final SmtpOptions options;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private Map<String, String> extensions = Map.of();

    private SmtpSession(SmtpOptions options) {
        this.options = options;
    }

    /**
     * Connects, reads the greeting, says EHLO (HELO when the server does not know it), starts TLS and authenticates
     * as the options say.
     *
     * @throws SmtpFailure the server refused a step (a reply that is not the one expected)
     * @throws IOException no connection, a timeout, a dropped connection, a TLS failure
     */
    static SmtpSession open(SmtpOptions options) throws SmtpFailure, IOException {
        SmtpSession session = new SmtpSession(options);
        try {
            session.connect();
            return session;
        } catch (SmtpFailure | IOException | RuntimeException e) {
            session.close();
            throw e;
        }
    }

    private void connect() throws SmtpFailure, IOException {
        Socket plain = new Socket();
        socket = plain;
        // Without it, the last line of every message waits for the server's delayed ACK (Nagle's algorithm): about
        // 40 ms per message on Linux, which caps a connection at some 22 messages a second.
        plain.setTcpNoDelay(true);
        plain.connect(new InetSocketAddress(options.host(), options.port()),
                (int) options.connectTimeout().toMillis());
        plain.setSoTimeout((int) options.readTimeout().toMillis());
        if (options.implicitTls()) {
            secure();
        } else {
            streams();
        }
        expect(reply(), 220, "greeting");
        greet();
        if (options.startTls()) {
            if (offers("STARTTLS")) {
                command("STARTTLS");
                expect(reply(), 220, "STARTTLS");
                secure();
                greet();
            } else if (options.startTlsRequired()) {
                throw refused("STARTTLS is required (mail.smtp.starttls.required) and " + options
                        + " does not offer it");
            }
        }
        if (options.authenticates() && offers("AUTH")) {
            authenticate();
        }
    }

    private void streams() throws IOException {
        in = new BufferedInputStream(socket.getInputStream(), BUFFER);
        out = buffered(socket.getOutputStream());
    }

    /** The socket's output as the session writes to it: each flush one write where the message fits. */
    static OutputStream buffered(OutputStream socket) {
        return new BufferedOutputStream(socket, MESSAGE);
    }

    private void secure() throws IOException {
        SSLSocketFactory factory = options.trustsAnyCertificate() ? trustingAll() : trustStore();
        SSLSocket tls = (SSLSocket) factory.createSocket(socket, options.host(), options.port(), true);
        if (options.checkIdentity() && !options.trustsAnyCertificate()) {
            SSLParameters parameters = tls.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            tls.setSSLParameters(parameters);
        }
        if (!options.tlsProtocols().isEmpty()) {
            tls.setEnabledProtocols(options.tlsProtocols().toArray(String[]::new));
        }
        tls.startHandshake();
        socket = tls;
        streams();
    }

    private void greet() throws SmtpFailure, IOException {
        String name = options.localHost() != null ? options.localHost() : addressLiteral(socket.getLocalAddress());
        if (options.ehlo()) {
            command("EHLO " + name);
            Reply ehlo = reply();
            if (ehlo.positive()) {
                extensions = ehlo.extensions();
                return;
            }
        }
        command("HELO " + name);
        expect(reply(), 250, "HELO");
        extensions = Map.of();
    }

    /** RFC 5321 §4.1.3: {@code [192.0.2.1]}, {@code [IPv6:2001:db8::1]}. */
    static String addressLiteral(InetAddress address) {
        String text = address.getHostAddress();
        int scope = text.indexOf('%');
        return address instanceof Inet6Address ? "[IPv6:" + (scope < 0 ? text : text.substring(0, scope)) + "]"
                : "[" + text + "]";
    }

    /** AUTH PLAIN (one round trip) or LOGIN, the first the options allow that the server offers. */
    private void authenticate() throws SmtpFailure, IOException {
        String offered = " " + extensions.get("AUTH").toUpperCase(Locale.ROOT) + " ";
        String mechanism = options.mechanisms().stream().filter(m -> m.equals("PLAIN") || m.equals("LOGIN"))
                .filter(m -> offered.contains(" " + m + " ")).findFirst()
                .orElseThrow(() -> refused(options + " offers AUTH" + offered.stripTrailing()
                        + ", none of which Dispatch speaks (PLAIN, LOGIN)"));
        if (mechanism.equals("PLAIN")) {
            command("AUTH PLAIN " + base64("\0" + options.username() + "\0" + options.password()));
        } else {
            command("AUTH LOGIN");
            expect(reply(), 334, "AUTH LOGIN");
            command(base64(options.username()));
            expect(reply(), 334, "AUTH LOGIN");
            command(base64(options.password()));
        }
        expect(reply(), 235, "AUTH " + mechanism);
    }

    boolean offers(String extension) {
        return extensions.containsKey(extension);
    }

    OutputStream out() {
        return out;
    }

    /** Writes one command line into the buffer; {@link #flush} sends what was written. */
    void write(String line) throws IOException {
        out.write(line.getBytes(StandardCharsets.UTF_8));
        out.write('\r');
        out.write('\n');
    }

    void flush() throws IOException {
        out.flush();
    }

    private void command(String line) throws IOException {
        write(line);
        flush();
    }

    /** Reads one reply, all its lines. */
    Reply reply() throws IOException {
        StringBuilder text = new StringBuilder();
        while (true) {
            int start = text.length();
            for (int b; (b = in.read()) != '\n'; ) {
                if (b == -1) {
                    throw new IOException("the server closed the connection");
                }
                if (b != '\r') {
                    text.append((char) b);
                }
            }
            if (text.length() - start < 3) {
                throw new IOException("not an SMTP reply: " + text.substring(start));
            }
            boolean more = text.length() - start > 3 && text.charAt(start + 3) == '-';
            if (!more) {
                try {
                    return new Reply(Integer.parseInt(text, start, start + 3, 10), text.toString());
                } catch (NumberFormatException e) {
                    throw new IOException("not an SMTP reply: " + text.substring(start));
                }
            }
            text.append('\n');
        }
    }

    private void expect(Reply reply, int code, String step) throws SmtpFailure {
        if (reply.code() != code) {
            throw refused(step + " refused by " + options + ": " + reply.oneLine());
        }
    }

    /** A session that could not be set up: no message can go until it can, so it counts as no answer. */
    private static SmtpFailure refused(String why) {
        return new SmtpFailure(why, false, true, null);
    }

    /** Says goodbye when it still can, and closes the socket. */
    @Override
    public void close() {
        if (socket == null) {
            return;
        }
        try (Socket closing = socket) {
            if (out != null && !closing.isClosed()) {
                command("QUIT");
            }
        } catch (IOException e) {
            // The server is gone already; nothing is lost by not saying goodbye.
        }
        socket = null;
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static SSLSocketFactory trustStore() {
        return (SSLSocketFactory) SSLSocketFactory.getDefault();
    }

    /** For {@code mail.smtp.ssl.trust}: the host is trusted whatever its certificate says, as Jakarta Mail does. */
    private static SSLSocketFactory trustingAll() throws IOException {
        // Whoever set mail.smtp.ssl.trust vouched for the host: there is nothing left to check.
        X509TrustManager all = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {all}, null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IOException("TLS is not available: " + e.getMessage(), e);
        }
    }

    /** A server's reply: its code and its lines as they came, separated by {@code \n}. */
    record Reply(int code, String text) {

        boolean positive() {
            return code >= 200 && code < 400;
        }

        String oneLine() {
            return text.replace('\n', ' ');
        }

        /** The EHLO reply's extensions, keyword to parameters, from every line but the first. */
        Map<String, String> extensions() {
            Map<String, String> offered = new HashMap<>();
            String[] lines = text.split("\n");
            for (int i = 1; i < lines.length; i++) {
                String line = lines[i].length() > 4 ? lines[i].substring(4).trim() : "";
                int space = line.indexOf(' ');
                String keyword = (space < 0 ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
                if (!keyword.isEmpty()) {
                    offered.put(keyword, space < 0 ? "" : line.substring(space + 1).trim());
                }
            }
            return offered;
        }
    }
}
