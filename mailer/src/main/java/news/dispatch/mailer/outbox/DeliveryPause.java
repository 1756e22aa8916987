package news.dispatch.mailer.outbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import news.dispatch.core.jdbc.Timestamps;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * An admin's pause of all sending, on every node: a row in the database that the delivery workers look at before
 * each claim. They read it at most once a second, so a pause takes hold within about a second everywhere, and a
 * restart keeps it. Mail queued meanwhile waits; nothing is lost.
 */
@Component
public class DeliveryPause {

    /** How long a worker trusts what it last read. */
    static final Duration FRESH_FOR = Duration.ofSeconds(1);

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Doorbell doorbell;
    private volatile Read last;

    DeliveryPause(JdbcClient jdbc, Clock clock, Doorbell doorbell) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.doorbell = doorbell;
    }

    /** Who paused sending, and when; empty while mail goes out. */
    public Optional<Paused> state() {
        return jdbc.sql("select paused_by, paused_at from delivery_pause where id = 1")
                .query((rs, row) -> new Paused(rs.getString("paused_by"), Timestamps.read(rs, "paused_at")))
                .optional();
    }

    public void pause(String by) {
        jdbc.sql("insert into delivery_pause (id, paused_by, paused_at) values (1, ?, ?) on conflict do nothing")
                .params(by, Timestamps.utc(clock.instant()))
                .update();
        last = null;
    }

    /** Sending goes on at once on this node; the others see it within a second. */
    public void resume() {
        jdbc.sql("delete from delivery_pause").update();
        last = null;
        doorbell.ring();
    }

    /** For the workers, before each claim: cached for {@link #FRESH_FOR}. */
    boolean paused() {
        Instant now = clock.instant();
        Read read = last;
        if (read == null || now.isBefore(read.at()) || !now.isBefore(read.at().plus(FRESH_FOR))) {
            read = new Read(state().isPresent(), now);
            last = read;
        }
        return read.paused();
    }

    /** A pause: who, and since when. */
    public record Paused(String by, Instant since) {
    }

    private record Read(boolean paused, Instant at) {
    }
}
