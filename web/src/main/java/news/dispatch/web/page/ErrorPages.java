package news.dispatch.web.page;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import gg.jte.generated.precompiled.Templates;
import gg.jte.output.StringOutput;
import news.dispatch.core.h2.ClosedDatabase;
import news.dispatch.core.subscriber.Language;
import news.dispatch.core.subscriber.Words;
import news.dispatch.mailer.subscription.ReaderSettings;
import news.dispatch.web.problem.BrowserErrorPages;
import news.dispatch.web.problem.Problems;

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
class ErrorPages implements ErrorViewResolver, BrowserErrorPages {

    /**
     * The readers' forms, and the sign-in, by the address they post to; the first group is the page that shows the
     * form.
     */
    private static final Pattern READER_FORM = Pattern.compile("(/login|/subscribe|/confirm/[\\w-]+"
            + "|/unsubscribe/[\\w-]+|/follow/[\\w-]+/\\d+|/preferences/[\\w-]+)"
            + "(?:/(?:resubscribe|rhythms|pause|quiet))?");

    private final Templates templates;
    private final Language defaultLanguage;

    ErrorPages(Templates templates, ReaderSettings readers) {
        this.templates = templates;
        this.defaultLanguage = readers.defaultLanguage();
    }

    @Override
    public ModelAndView resolveErrorView(HttpServletRequest request, HttpStatus status, Map<String, Object> model) {
        Staff staff = Staff.of(SecurityContextHolder.getContext().getAuthentication(),
                (CsrfToken) request.getAttribute(CsrfToken.class.getName()));
        boolean expired = request.getAttribute(Problems.EXPIRED_FORM) != null;
        // The embedded database closed under a page (a full disk): not a bug of the page's, and not over in a moment.
        boolean closed = Problems.closedDatabaseBehind(request);
        if (closed) {
            status = HttpStatus.SERVICE_UNAVAILABLE;
        }
        if (staff.username() != null && staff.csrf() != null) {
            Said said = Said.about(status, expired, ReaderWords.in(Language.EN));
            return PageView.of(templates.staffProblem(staff, said.heading(),
                    closed ? ClosedDatabase.ADVICE + "." : said.message()), status);
        }
        Words words = ReaderWords.forBrowser(request, defaultLanguage);
        Said said = Said.about(status, expired, words);
        String back = expired ? formPage((String) request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI)) : null;
        return PageView.of(templates.readerProblem(words, said.heading(), said.message(), back), status);
    }

    /**
     * The page a reader's form was sent from, read off the address it was sent to, so that an expired form leads back
     * to itself rather than to the front page; null for any other address.
     */
    static String formPage(String sentTo) {
        Matcher form = sentTo == null ? null : READER_FORM.matcher(sentTo);
        return form != null && form.matches() ? form.group(1) : null;
    }

    /** A request the container refused before any filter: nobody is known to be signed in, so the readers' frame. */
    @Override
    public String page(HttpServletRequest request, HttpStatus status) {
        Words words = ReaderWords.forBrowser(request, defaultLanguage);
        Said said = Said.about(status, false, words);
        StringOutput page = new StringOutput();
        templates.readerProblem(words, said.heading(), said.message(), null).render(page);
        return page.toString();
    }

    /** An error in words a person can act on: the readers' bundle's {@code error.<what>.heading} and {@code .message}. */
    record Said(String heading, String message) {

        static Said about(HttpStatus status, boolean expiredForm, Words words) {
            String what = expiredForm ? "expired" : switch (status) {
                case NOT_FOUND -> "not-found";
                case METHOD_NOT_ALLOWED -> "method";
                case FORBIDDEN -> "forbidden";
                case CONTENT_TOO_LARGE -> "too-large";
                case TOO_MANY_REQUESTS -> "too-many";
                case SERVICE_UNAVAILABLE -> "unavailable";
                default -> status.is5xxServerError() ? "server" : "other";
            };
            return new Said(words.get("error." + what + ".heading"), words.get("error." + what + ".message"));
        }
    }
}
