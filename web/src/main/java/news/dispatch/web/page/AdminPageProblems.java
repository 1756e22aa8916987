package news.dispatch.web.page;

import jakarta.servlet.http.HttpServletRequest;

import gg.jte.generated.precompiled.Templates;
import news.dispatch.core.InvalidInput;
import news.dispatch.core.subscriber.TransitionNotAllowed;
import news.dispatch.web.problem.Conflict;
import news.dispatch.web.problem.NotFound;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;

/**
 * The admin pages' errors as staff pages rather than the API's problem details: what went wrong in words, and the
 * status code to match, for the controllers marked {@link AdminPage}. Ahead of the API's advice, which would answer
 * JSON.
 */
@ControllerAdvice(annotations = AdminPage.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class AdminPageProblems {

    private static final Logger log = LoggerFactory.getLogger(AdminPageProblems.class);

    private final Templates templates;

    AdminPageProblems(Templates templates) {
        this.templates = templates;
    }

    @ExceptionHandler
    ModelAndView notFound(NotFound notFound, HttpServletRequest request) {
        return page(request, HttpStatus.NOT_FOUND, "Not found", notFound.getMessage());
    }

    @ExceptionHandler
    ModelAndView invalid(InvalidInput invalid, HttpServletRequest request) {
        return page(request, HttpStatus.BAD_REQUEST, "That cannot be done", Format.sentence(invalid.getMessage()));
    }

    @ExceptionHandler
    ModelAndView refused(TransitionNotAllowed refused, HttpServletRequest request) {
        return page(request, HttpStatus.CONFLICT, "That cannot be done", Format.sentence(refused.getMessage()));
    }

    @ExceptionHandler
    ModelAndView conflict(Conflict conflict, HttpServletRequest request) {
        return page(request, HttpStatus.CONFLICT, "That cannot be done", conflict.getMessage());
    }

    /** Spring's own refusals (a missing parameter, a wrong method …) keep their status; anything else is a 500. */
    @ExceptionHandler
    ModelAndView unexpected(Exception exception, HttpServletRequest request) {
        if (exception instanceof ErrorResponse refusal && refusal.getStatusCode().is4xxClientError()) {
            return page(request, HttpStatus.valueOf(refusal.getStatusCode().value()), "That cannot be done",
                    "The address or the form holds something this page cannot take.");
        }
        if (exception instanceof TypeMismatchException) {
            return page(request, HttpStatus.BAD_REQUEST, "That cannot be done",
                    "The address or the form holds something this page cannot take.");
        }
        log.error("Unexpected failure on an admin page answered with 500", exception);
        return page(request, HttpStatus.INTERNAL_SERVER_ERROR, "Something went wrong",
                "Something went wrong on our side. It has been logged.");
    }

    /** An error page's model gets no {@code @ModelAttribute}s, so it names the staff member itself. */
    private ModelAndView page(HttpServletRequest request, HttpStatus status, String heading,
                                     String message) {
        Staff staff = Staff.of(SecurityContextHolder.getContext().getAuthentication(),
                (CsrfToken) request.getAttribute(CsrfToken.class.getName()));
        return PageView.of(templates.staffAdminProblem(staff, heading, message), status);
    }

}
