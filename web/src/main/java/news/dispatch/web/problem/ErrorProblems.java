package news.dispatch.web.problem;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import news.dispatch.core.h2.ClosedDatabase;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.web.WebProperties;
import org.springframework.boot.webmvc.autoconfigure.error.BasicErrorController;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorViewResolver;
import org.springframework.boot.webmvc.error.ErrorAttributes;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * What a request gets when it fails before any controller takes it: an address nothing answers, a method or a
 * {@code Content-Type} the address does not take, a URL the firewall refuses. Without this, such answers were
 * Spring Boot's own JSON ({@code timestamp}, {@code error}, {@code path}) instead of the problem details the contract
 * promises. Browsers, which ask for HTML, get a page in Dispatch's style instead ({@code page.ErrorPages}); neither
 * form ever holds a stack trace.
 */
@Controller
@RequestMapping("${server.error.path:${error.path:/error}}")
class ErrorProblems extends BasicErrorController {

    ErrorProblems(ErrorAttributes attributes, WebProperties web, ObjectProvider<ErrorViewResolver> resolvers) {
        super(attributes, web.getError(), resolvers.orderedStream().toList());
    }

    @Override
    @RequestMapping
    public ResponseEntity<Map<String, Object>> error(HttpServletRequest request) {
        HttpStatus status = getStatus(request);
        if (status == HttpStatus.NO_CONTENT) {
            return new ResponseEntity<>(status);
        }
        // The embedded database closed under a filter (a signed-in staff member's session is checked against it).
        boolean closed = Problems.closedDatabaseBehind(request);
        if (closed) {
            status = HttpStatus.SERVICE_UNAVAILABLE;
        }
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("title", status.getReasonPhrase());
        problem.put("status", status.value());
        problem.put("detail", closed ? ClosedDatabase.ADVICE + "."
                : request.getAttribute(Problems.DETAIL) instanceof String given ? given : detail(status));
        if (request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String path) {
            problem.put("instance", path);
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    /** Asked for directly, not forwarded with an error, the error page is an address like any other: not found. */
    @Override
    protected HttpStatus getStatus(HttpServletRequest request) {
        return request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) == null ? HttpStatus.NOT_FOUND
                : super.getStatus(request);
    }

    static String detail(HttpStatus status) {
        return switch (status) {
            case BAD_REQUEST -> "The request is malformed.";
            case NOT_FOUND -> "There is nothing at this address.";
            case METHOD_NOT_ALLOWED -> "This address does not take this method.";
            case NOT_ACCEPTABLE -> "This address cannot answer in any type the request accepts.";
            case UNSUPPORTED_MEDIA_TYPE -> "This address does not take a body of this Content-Type.";
            case CONTENT_TOO_LARGE -> "The request body is too large.";
            default -> status.is5xxServerError() ? "Something went wrong on our side. It has been logged."
                    : status.getReasonPhrase() + ".";
        };
    }
}
