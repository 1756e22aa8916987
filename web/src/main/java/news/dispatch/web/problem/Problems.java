package news.dispatch.web.problem;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

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

    /**
     * For a refusal outside Spring MVC that a browser should see as a page and any other client as a problem detail:
     * the container's error page ({@code ErrorProblems}, {@code page.ErrorPages}) answers it, with this detail.
     */
    public static void sendError(HttpServletRequest request, HttpServletResponse response, HttpStatus status,
                                 String detail) throws IOException {
        request.setAttribute(DETAIL, detail);
        response.sendError(status.value());
    }

    /** For answers written outside Spring MVC, such as the security filters'. */
    public void write(HttpServletResponse response, HttpStatus status, String detail) throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getOutputStream().write(json.writeValueAsBytes(of(status, detail)));
    }
}
