package news.dispatch.web.http;

import java.io.IOException;

/** A request body arrived too slowly (see {@link HttpSettings#bodyDeadline()}); whoever was reading it answers 408. */
public class BodyTooSlow extends IOException {

    BodyTooSlow() {
        super("The request body arrived too slowly.");
    }
}
