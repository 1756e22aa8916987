package news.dispatch.mailer.smtp;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReplyWaitTest {

    /** Each reading of this clock is a tenth of the look later than the one before. */
    private long now;
    private final ReplyWait wait = new ReplyWait(() -> now += ReplyWait.LOOK.toNanos() / 10);

    @Test
    void aReplyThatComesDuringTheLookEndsIt() throws Exception {
        Arriving in = new Arriving(3);

        wait.await(in);

        assertThat(in.looks).isEqualTo(3);
        assertThat(in.read()).as("the reply is left to read").isEqualTo('2');
    }

    @Test
    void aReplyAlreadyHereIsNotWaitedFor() throws Exception {
        Arriving in = new Arriving(1);

        wait.await(in);

        assertThat(in.looks).isEqualTo(1);
    }

    @Test
    void aServerSlowerThanTheLookIsLookedForOnceThenNotForTheNextReplies() throws Exception {
        Arriving never = new Arriving(Integer.MAX_VALUE);

        wait.await(never);
        int lookedOnce = never.looks;
        for (int reply = 0; reply < ReplyWait.REST; reply++) {
            wait.await(never);
        }
        int rested = never.looks;
        wait.await(never);

        assertThat(lookedOnce).as("looks until the look's time is up").isEqualTo(11);
        assertThat(rested).as("one glance at each of the next replies").isEqualTo(lookedOnce + ReplyWait.REST);
        assertThat(never.looks).as("looked for again once rested").isEqualTo(rested + lookedOnce);
    }

    /** A stream whose reply is there from the given look at {@code available()} on. */
    private static final class Arriving extends InputStream {

        private final ByteArrayInputStream reply =
                new ByteArrayInputStream("250 OK\r\n".getBytes(StandardCharsets.US_ASCII));
        private final int arrivesAt;
        private int looks;

        Arriving(int arrivesAt) {
            this.arrivesAt = arrivesAt;
        }

        @Override
        public int available() {
            looks++;
            return looks >= arrivesAt ? reply.available() : 0;
        }

        @Override
        public int read() {
            return reply.read();
        }
    }
}
