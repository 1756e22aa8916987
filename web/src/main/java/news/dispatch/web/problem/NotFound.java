package news.dispatch.web.problem;

/** What a request names does not exist (or is not for this caller to know about). */
public class NotFound extends RuntimeException {

    public NotFound(String message) {
        super(message);
    }
}
