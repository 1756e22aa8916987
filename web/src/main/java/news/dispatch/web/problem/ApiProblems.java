package news.dispatch.web.problem;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import news.dispatch.core.InvalidInput;
import news.dispatch.core.article.DuplicateArticleUrl;
import news.dispatch.core.h2.ClosedDatabase;
import news.dispatch.core.subscriber.TransitionNotAllowed;
import news.dispatch.mailer.alert.ArticleNotFound;
import news.dispatch.mailer.alert.ArticleNotPublished;
import news.dispatch.mailer.roster.ImportStopped;
import news.dispatch.mailer.story.StoryNotPublished;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Every error of the JSON API as a problem detail: bad input is a 400 that names the field, a conflict a 409,
 * and anything unexpected a 500 that says nothing of the inside.
 */
@RestControllerAdvice(basePackages = "news.dispatch.web")
class ApiProblems extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiProblems.class);

    /**
     * A value no form of ours offers (a page's form shows its own mistakes): a browser is answered with the error
     * page in its words, not with JSON.
     */
    @ExceptionHandler
    ProblemDetail invalid(InvalidInput invalid, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        if (!request.getRequestURI().startsWith("/api/")) {
            response.sendError(HttpStatus.BAD_REQUEST.value());
            return null;
        }
        return Problems.rejected(invalid.field(), invalid.getMessage());
    }

    @ExceptionHandler
    ProblemDetail duplicate(DuplicateArticleUrl duplicate) {
        ProblemDetail problem = Problems.of(HttpStatus.CONFLICT, duplicate.getMessage());
        problem.setProperty("errors", List.of(new FieldError("url", "an article with this url already exists")));
        return problem;
    }

    @ExceptionHandler
    ProblemDetail notAllowed(TransitionNotAllowed refused) {
        return Problems.of(HttpStatus.CONFLICT, refused.getMessage());
    }

    @ExceptionHandler
    ProblemDetail conflict(Conflict conflict) {
        return Problems.of(HttpStatus.CONFLICT, conflict.getMessage());
    }

    @ExceptionHandler
    ProblemDetail forbidden(Forbidden refused) {
        return Problems.of(HttpStatus.FORBIDDEN, refused.getMessage());
    }

    /** Dispatch is stopping in the middle of an import: what was stored stays, and the client is told to post again. */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> importStopped(ImportStopped stopped) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "30")
                .body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, stopped.getMessage() + "."));
    }

    /**
     * The database gave up waiting: a lock another transaction held past its timeout (two imports of the same
     * address at once, a table the erasure's shredder holds), a query cut short. Nothing of the request was kept
     * that a second try would not write the same way, so the client is told to send it again; a browser, by the
     * error page, which says so.
     */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> busy(TransientDataAccessException busy, HttpServletRequest request,
                                       HttpServletResponse response) throws IOException {
        // The path's pattern, not the path: readers' paths carry the token that opens their preferences.
        log.warn("{} {} answered with 503, the database busy: {}", request.getMethod(),
                request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE),
                busy.getMostSpecificCause().getMessage());
        if (!request.getRequestURI().startsWith("/api/")) {
            response.setHeader(HttpHeaders.RETRY_AFTER, "1");
            response.sendError(HttpStatus.SERVICE_UNAVAILABLE.value());
            return null;
        }
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1")
                .body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "The database is busy; send the request again."));
    }

    /**
     * The database cannot be reached (stopped, restarting, the network to it down): the pool waited its
     * connection timeout for it, or the connection went in the middle of a transaction, whose commit or rollback
     * failed (an import as PostgreSQL stopped answered {@code 500} until an operator's QA of 7 December 2026). Not the
     * app's fault nor the client's, and over once the database is back, which is what a {@code 503} says; a
     * {@code 500} would have readers and monitors believe a bug.
     */
    @ExceptionHandler({DataAccessResourceFailureException.class, CannotCreateTransactionException.class,
            TransactionSystemException.class})
    ResponseEntity<ProblemDetail> unreachable(Exception unreachable, HttpServletRequest request,
                                              HttpServletResponse response) throws IOException {
        if (ClosedDatabase.in(unreachable).isPresent()) {
            return closed(unreachable, request, response);
        }
        log.warn("{} {} answered with 503, the database out of reach: {}", request.getMethod(),
                request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE), unreachable.getMessage());
        if (!request.getRequestURI().startsWith("/api/")) {
            response.setHeader(HttpHeaders.RETRY_AFTER, "30");
            response.sendError(HttpStatus.SERVICE_UNAVAILABLE.value());
            return null;
        }
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "30")
                .body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE,
                        "Dispatch cannot reach its database right now; send the request again in a minute."));
    }

    @ExceptionHandler
    ProblemDetail notFound(NotFound notFound) {
        return Problems.of(HttpStatus.NOT_FOUND, notFound.getMessage());
    }

    @ExceptionHandler
    ProblemDetail noArticle(ArticleNotFound notFound) {
        return Problems.of(HttpStatus.NOT_FOUND, notFound.getMessage());
    }

    @ExceptionHandler
    ProblemDetail embargoed(ArticleNotPublished embargoed) {
        return Problems.of(HttpStatus.CONFLICT, embargoed.getMessage());
    }

    @ExceptionHandler
    ProblemDetail unpublished(StoryNotPublished unpublished) {
        return Problems.of(HttpStatus.CONFLICT, unpublished.getMessage());
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> tooMany(TooManyRequests tooMany) {
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, tooMany.retryAfterSeconds())
                .body(Problems.of(HttpStatus.TOO_MANY_REQUESTS, tooMany.getMessage()));
    }

    /** A body read by the handler itself (a CSV import) went past {@code dispatch.http.max-body}. */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> tooLarge(BodyTooLarge tooLarge) {
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
                .body(Problems.of(HttpStatus.CONTENT_TOO_LARGE, tooLarge.getMessage()));
    }

    /** A body read by the handler itself arrived slower than {@code dispatch.http.body-deadline} allows. */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> tooSlow(BodyTooSlow tooSlow) {
        return ResponseEntity.status(HttpStatus.REQUEST_TIMEOUT)
                .body(Problems.of(HttpStatus.REQUEST_TIMEOUT, tooSlow.getMessage()));
    }

    @ExceptionHandler
    ProblemDetail typeMismatch(MethodArgumentTypeMismatchException mismatch) {
        return Problems.rejected(mismatch.getName(), mismatch.getName() + " has an invalid value");
    }

    /**
     * Anything unexpected. A page's failure is thrown on, so that the container's error page answers it: a page in
     * Dispatch's style for a browser, this same problem detail for any other client.
     */
    /**
     * The embedded database closed after a failed write of its file: nothing works until a restart, which a
     * {@code 503} saying "try again in a minute" hid from the operator. Logged in one line, without the stack, as
     * every request meets it.
     */
    private ResponseEntity<ProblemDetail> closed(Exception failure, HttpServletRequest request,
                                                 HttpServletResponse response) throws IOException {
        log.error("{} {} answered with 503: {} ({})", request.getMethod(),
                request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE), ClosedDatabase.ADVICE,
                ClosedDatabase.in(failure).orElseThrow());
        if (!request.getRequestURI().startsWith("/api/")) {
            // For the error page, which tells staff what to do.
            request.setAttribute(RequestDispatcher.ERROR_EXCEPTION, failure);
            response.sendError(HttpStatus.SERVICE_UNAVAILABLE.value());
            return null;
        }
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, ClosedDatabase.ADVICE + "."));
    }

    @ExceptionHandler
    ProblemDetail unexpected(Exception exception, HttpServletRequest request, HttpServletResponse response)
            throws Exception {
        if (ClosedDatabase.in(exception).isPresent()) {
            ResponseEntity<ProblemDetail> closed = closed(exception, request, response);
            if (closed == null) {
                return null;
            }
            response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
            return closed.getBody();
        }
        if (!request.getRequestURI().startsWith("/api/")) {
            throw exception;
        }
        log.error("Unexpected failure answered with 500", exception);
        return Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "Something went wrong on our side. It has been logged.");
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException invalid,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        List<FieldError> errors = invalid.getBindingResult().getFieldErrors().stream()
                .map(error -> new FieldError(error.getField(), error.getField() + " " + error.getDefaultMessage()))
                .toList();
        return ResponseEntity.badRequest().body(Problems.rejected(errors));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException unreadable,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        for (Throwable cause = unreadable; cause != null; cause = cause.getCause()) {
            if (cause instanceof BodyTooLarge tooLarge) {
                return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
                        .body(Problems.of(HttpStatus.CONTENT_TOO_LARGE, tooLarge.getMessage()));
            }
            if (cause instanceof BodyTooSlow tooSlow) {
                return ResponseEntity.status(HttpStatus.REQUEST_TIMEOUT)
                        .body(Problems.of(HttpStatus.REQUEST_TIMEOUT, tooSlow.getMessage()));
            }
        }
        return ResponseEntity.badRequest().body(unreadable(unreadable.getCause()));
    }

    /**
     * Spring's own refusals (a parameter missing, a method or type not taken) of a page's request: a browser gets the
     * error page in its words, not the API's JSON.
     */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception exception, Object body, HttpHeaders headers,
                                                             HttpStatusCode status, WebRequest request) {
        if (request instanceof ServletWebRequest page && page.getResponse() != null
                && !page.getRequest().getRequestURI().startsWith("/api/")) {
            try {
                page.getResponse().sendError(status.value());
                return null;
            } catch (IOException | IllegalStateException e) {
                // The answer began already: the problem detail follows it, as for the API.
            }
        }
        return super.handleExceptionInternal(exception, body, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode status,
                                                          WebRequest request) {
        if (body instanceof ProblemDetail problem && problem.getTitle() == null) {
            problem.setTitle(HttpStatus.valueOf(status.value()).getReasonPhrase());
        }
        return super.createResponseEntity(body, headers, status, request);
    }

    private static ProblemDetail unreadable(Throwable cause) {
        // A number too large for its field is well-formed JSON, although its parser reports it.
        if (cause instanceof InputCoercionException outOfRange && !outOfRange.getPath().isEmpty()) {
            String field = field(outOfRange.getPath());
            return Problems.rejected(field, field + " is out of range");
        }
        if (cause instanceof StreamReadException) {
            return Problems.of(HttpStatus.BAD_REQUEST, "The body is not well-formed JSON.");
        }
        if (cause instanceof JacksonException jackson && !jackson.getPath().isEmpty()) {
            String field = field(jackson.getPath());
            if (jackson instanceof InvalidFormatException format) {
                return Problems.rejected(field, field + " has an invalid value: " + quoted(format.getValue()));
            }
            if (jackson instanceof MismatchedInputException) {
                return Problems.rejected(field, field + " has the wrong type");
            }
            return Problems.rejected(field, field + " is invalid");
        }
        return Problems.of(HttpStatus.BAD_REQUEST, "The body is missing or is not the JSON this endpoint takes.");
    }

    private static String field(List<JacksonException.Reference> path) {
        StringBuilder field = new StringBuilder();
        for (JacksonException.Reference reference : path) {
            if (reference.getPropertyName() != null) {
                field.append(field.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                field.append('[').append(reference.getIndex()).append(']');
            }
        }
        return field.toString();
    }

    private static String quoted(Object value) {
        String text = String.valueOf(value);
        return "'" + (text.length() > 60 ? text.substring(0, 57) + "..." : text) + "'";
    }
}
