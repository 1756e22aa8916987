package news.dispatch.web.problem;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;

/**
 * The error page a browser gets for a request the container refuses before the app takes it, in Dispatch's style;
 * {@code page.ErrorPages} draws it. Here, so that {@link ContainerErrors} can ask for it without this package
 * depending on the pages.
 */
public interface BrowserErrorPages {

    /** The whole page, in HTML, for a request that asked for HTML. */
    String page(HttpServletRequest request, HttpStatus status);
}
