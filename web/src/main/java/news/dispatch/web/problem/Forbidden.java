package news.dispatch.web.problem;

/** The request is understood and its sender known, but not allowed this, whatever their role. */
public class Forbidden extends RuntimeException {

    public Forbidden(String message) {
        super(message);
    }
}
