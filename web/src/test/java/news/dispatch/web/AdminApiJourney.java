package news.dispatch.web;

import news.dispatch.core.subscriber.Subscribers;
import news.dispatch.core.testing.ResetsDatabase;
import news.dispatch.mailer.outbox.Outbox;
import news.dispatch.web.account.Accounts;
import news.dispatch.web.account.Role;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Where the journeys through the admin API start: no readers and no mail yet, and the admin signed in over HTTP.
 * Readers are added and mail is queued through the app's own services, as the rest of the app would.
 */
@DispatchTest
@ResetsDatabase({"delivery", "subscriber"})
public abstract class AdminApiJourney {

    @LocalServerPort
    protected int port;

    @Autowired
    protected Subscribers subscribers;

    @Autowired
    protected Outbox outbox;

    @Autowired
    protected Accounts accounts;

    @Autowired
    protected JdbcClient jdbc;

    protected ApiClient admin;

    @BeforeEach
    void signInAsAdmin() {
        admin = ApiClient.anonymous(port).as(DispatchTest.ADMIN, DispatchTest.ADMIN_PASSWORD);
    }

    /** An editor of the desk, signed in: someone who may write stories but not run the list. */
    protected ApiClient deskEditor() {
        accounts.save("desk", "desk-password", Role.EDITOR);
        return ApiClient.anonymous(port).as("desk", "desk-password");
    }
}
