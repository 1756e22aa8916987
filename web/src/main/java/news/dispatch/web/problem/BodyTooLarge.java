package news.dispatch.web.problem;

import java.io.IOException;

/** Reading a request body went past the limit; whoever was reading it answers 413. */
public class BodyTooLarge extends IOException {

    public BodyTooLarge(long maxBytes) {
        super("The request body is larger than the limit of " + maxBytes + " bytes.");
    }
}
