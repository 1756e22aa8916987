package news.dispatch.core.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A TCP port that was free a moment ago, below Linux's ephemeral range (32768 and up) where the local ends of outgoing
 * connections are taken from. A server that a test stops and starts again on such a port does not find it taken
 * meanwhile: a client that keeps connecting to a port in the ephemeral range while nothing listens can be handed that
 * very port as its own end and connect to itself.
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
