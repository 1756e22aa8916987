package news.dispatch.web.page;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import gg.jte.generated.precompiled.Templates;

import org.springframework.boot.webmvc.autoconfigure.error.ErrorViewResolver;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.ModelAndView;

/**
 * The page a browser gets for an error no controller answered: an unknown or cut-off address, a method the address
 * does not take, a failure on our side. Signed-in staff get it in the staff pages' frame, everyone else in the
 * readers'; both say what happened and what to do, never how the inside looks. API clients, which do not ask for
 * HTML, keep getting problem details ({@code problem.ErrorProblems}).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class ErrorPages implements ErrorViewResolver {

    private final Templates templates;

    ErrorPages(Templates templates) {
        this.templates = templates;
    }

    @Override
    public ModelAndView resolveErrorView(HttpServletRequest request, HttpStatus status, Map<String, Object> model) {
        Said said = Said.about(status);
        Staff staff = Staff.of(SecurityContextHolder.getContext().getAuthentication(),
                (CsrfToken) request.getAttribute(CsrfToken.class.getName()));
        if (staff.username() != null && staff.csrf() != null) {
            return PageView.of(templates.staffProblem(staff, said.heading(), said.message()), status);
        }
        return PageView.of(templates.readerProblem(said.heading(), said.message()), status);
    }

    /** An error in words a person can act on. */
    record Said(String heading, String message) {

        static Said about(HttpStatus status) {
            return switch (status) {
                case NOT_FOUND -> new Said("Page not found", "There is nothing at this address. If you followed "
                        + "a link from an email, check that it was copied whole; the newest email from Dispatch holds "
                        + "links that work.");
                case METHOD_NOT_ALLOWED -> new Said("That cannot be done here", "This address does not take what "
                        + "your browser sent. Go back and use the page's own buttons and links.");
                case FORBIDDEN -> new Said("Not allowed", "You may not open this page. If you work at the "
                        + "newsroom, sign in with an account that may.");
                case CONTENT_TOO_LARGE -> new Said("Too large", "What you sent is larger than Dispatch takes. "
                        + "Send less at once.");
                case TOO_MANY_REQUESTS -> new Said("Too many requests", "Wait a few minutes, then try again.");
                default -> status.is5xxServerError()
                        ? new Said("Something went wrong", "Something went wrong on our side. It has been logged; "
                                + "please try again in a moment.")
                        : new Said("That did not work", "Your browser sent something this address cannot take. "
                                + "Go back and try again from the page's own links.");
            };
        }
    }
}
