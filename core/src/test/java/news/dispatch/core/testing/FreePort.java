package news.dispatch.core.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A TCP port that was free a moment ago, below Linux's default ephemeral range (32768 and up) where the local ends of
 * outgoing connections are taken from, for a server whose port must be known before it starts (another JVM, a
 * database restarted under the app). Below that range, a client that keeps connecting while nothing listens is not
 * handed the port as its own end; it is no promise that nothing else takes the port while it is free, so a test that
 * can keep its server's port bound through an outage should (see the mailer's test {@code SmtpSink}).
 */
public final class FreePort {

    private FreePort() {
    }

    public static int belowEphemeralRange() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(20_000, 32_000);
            try (ServerSocket socket = new ServerSocket(port)) {
                return port;
            } catch (IOException taken) {
                // Try another.
            }
        }
        throw new IllegalStateException("no free TCP port between 20000 and 32000");
    }
}
