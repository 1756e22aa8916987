package news.dispatch.web.http;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every request is in English to Spring, whatever its {@code Accept-Language} says: staff pages and API messages are
 * written in English only, and readers' pages choose their language themselves ({@code page.ReaderWords}: the
 * reader's, or the header read bounded). Tomcat refuses a header of more than ten languages, as some browsers send, by
 * throwing from {@code getLocale()}, which Spring asks on every request; this way Tomcat never parses it.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class PinnedLocale extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(new English(request), response);
    }

    /** Error pages and async dispatches ask for the locale again, on Tomcat's own request. */
    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }

    private static final class English extends HttpServletRequestWrapper {

        English(HttpServletRequest request) {
            super(request);
        }

        @Override
        public Locale getLocale() {
            return Locale.ENGLISH;
        }

        @Override
        public Enumeration<Locale> getLocales() {
            return Collections.enumeration(List.of(Locale.ENGLISH));
        }
    }
}
