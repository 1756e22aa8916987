package news.dispatch.web.problem;

import java.io.IOException;

/** A request body arrived too slowly (see {@code dispatch.http.body-deadline}); whoever was reading it answers 408. */
public class BodyTooSlow extends IOException {

    public BodyTooSlow() {
        super("The request body arrived too slowly.");
    }
}
