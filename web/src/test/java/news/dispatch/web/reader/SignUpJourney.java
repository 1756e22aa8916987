package news.dispatch.web.reader;

import java.time.Duration;

import news.dispatch.core.subscriber.Subscribers;
import news.dispatch.core.testing.MutableClock;
import news.dispatch.core.testing.ResetsDatabase;
import news.dispatch.mailer.sandbox.SandboxSmtp;
import news.dispatch.web.ApiClient;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Where the reader journeys over the API start: no readers and no mail yet, a new day on the clock (so every sign-up
 * limit has refilled), and an anonymous client, as a reader who has never signed in comes to the app.
 */
@ReaderTest
@ResetsDatabase({"delivery", "subscriber"})
abstract class SignUpJourney {

    @LocalServerPort
    int port;

    @Autowired
    SandboxSmtp sandbox;

    @Autowired
    Subscribers subscribers;

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    ApiClient api;

    @BeforeEach
    void aNewDay() {
        clock.advance(Duration.ofDays(1));
        api = ApiClient.anonymous(port);
    }

    /** The reader's status as stored, whatever the API shows of it. */
    String status(String email) {
        return jdbc.sql("select status from subscriber where email = ?").param(email).query(String.class).single();
    }
}
