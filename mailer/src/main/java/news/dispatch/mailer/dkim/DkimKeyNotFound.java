package news.dispatch.mailer.dkim;

/** No DKIM key has that selector. */
public class DkimKeyNotFound extends RuntimeException {

    public DkimKeyNotFound(String selector) {
        super("There is no DKIM key with the selector " + selector + ".");
    }
}
