package news.dispatch.web.problem;

import java.io.IOException;
import java.net.URI;
import java.util.List;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import news.dispatch.core.h2.ClosedDatabase;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Makes RFC 9457 problem details the way the contract shapes them: status, title, detail, and errors by field. */
@Component
public class Problems {

    /** The request attribute that carries {@link #sendError}'s detail to the container's error page. */
    static final String DETAIL = Problems.class.getName() + ".detail";
    /**
     * Whether the error being answered (the container's error dispatch) came of the embedded database closed under
     * the app ({@link ClosedDatabase}): a {@code 503} that says to free space and restart, not a {@code 500}.
     */
    public static boolean closedDatabaseBehind(HttpServletRequest request) {
        return request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable failure
                && ClosedDatabase.in(failure).isPresent();
    }

    /** The request attribute that tells the error page a form came without its CSRF token, or a stale one. */
    public static final String EXPIRED_FORM = Problems.class.getName() + ".expiredForm";

    private final JsonMapper json;

    Problems(JsonMapper json) {
        this.json = json;
    }

    public static ProblemDetail of(HttpStatus status, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(status.getReasonPhrase());
        return problem;
    }

    public static ProblemDetail rejected(List<FieldError> errors) {
        ProblemDetail problem = of(HttpStatus.BAD_REQUEST, errors.size() == 1
                ? errors.get(0).message()
                : "The request has " + errors.size() + " invalid fields.");
        problem.setProperty("errors", errors);
        return problem;
    }

    public static ProblemDetail rejected(String field, String message) {
        return rejected(List.of(new FieldError(field, message)));
    }

    /** The status of a refusal shown on a page of its own form: 404 for an unknown thing, 409, else 400. */
    public static HttpStatus statusOf(RuntimeException refusal) {
        return refusal instanceof NotFound ? HttpStatus.NOT_FOUND
                : refusal instanceof Conflict ? HttpStatus.CONFLICT : HttpStatus.BAD_REQUEST;
    }

    /**
     * For a refusal outside Spring MVC that a browser should see as a page and any other client as a problem detail:
     * the container's error page ({@code ErrorProblems}, {@code page.ErrorPages}) answers it, with this detail.
     */
    public static void sendError(HttpServletRequest request, HttpServletResponse response, HttpStatus status,
                                 String detail) throws IOException {
        request.setAttribute(DETAIL, detail);
        response.sendError(status.value());
    }

    /**
     * A form refused for its CSRF token: most often one left open past its session, so the page says that it expired
     * and to reload it, not that the sender may not open it.
     */
    public static void expiredForm(HttpServletRequest request, HttpServletResponse response) throws IOException {
        request.setAttribute(EXPIRED_FORM, Boolean.TRUE);
        sendError(request, response, HttpStatus.FORBIDDEN, "The form has expired: reload the page and send it again.");
    }

    /**
     * For answers written outside Spring MVC, such as the security filters': shaped as Spring MVC's are, with the
     * request's path as the {@code instance} (a client's log of a 401 and of a 404 read alike since 7 December).
     */
    public void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail)
            throws IOException {
        ProblemDetail problem = of(status, detail);
        problem.setInstance(path(request));
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getOutputStream().write(json.writeValueAsBytes(problem));
    }

    /**
     * The path as Spring MVC gives it, or none for one that is no URI (an escape that does not decode) or that the
     * server did not read (a request line longer than it reads).
     */
    private static URI path(HttpServletRequest request) {
        String path = request.getRequestURI();
        try {
            return path == null ? null : URI.create(path);
        } catch (IllegalArgumentException unreadable) {
            return null;
        }
    }
}
