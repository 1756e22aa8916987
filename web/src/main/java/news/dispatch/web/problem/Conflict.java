package news.dispatch.web.problem;

/** The request is understood but clashes with the state of what it names. */
public class Conflict extends RuntimeException {

    public Conflict(String message) {
        super(message);
    }
}
