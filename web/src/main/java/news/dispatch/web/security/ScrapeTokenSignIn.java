package news.dispatch.web.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import news.dispatch.web.metrics.MetricsSettings;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Signs in a Prometheus scraper that sends {@code Authorization: Bearer <dispatch.metrics.token>}, with an authority
 * that opens {@code /actuator/prometheus} only. Anywhere else, and for any other bearer, the header goes on to
 * {@link ApiTokenSignIn}, which may know it as an admin's API token.
 */
final class ScrapeTokenSignIn extends OncePerRequestFilter {

    /** The one thing a scraper may do. */
    static final String SCRAPE = "METRICS_SCRAPE";

    private static final String BEARER = "Bearer ";

    private final RequestMatcher scrape;
    private final byte[] token;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    ScrapeTokenSignIn(RequestMatcher scrape, MetricsSettings settings) {
        this.scrape = scrape;
        this.token = settings.scrapable() ? settings.token().strip().getBytes(StandardCharsets.UTF_8) : null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (token != null && authorization != null && scrape.matches(request)
                && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                // In constant time: how long a wrong guess took must not tell how much of it was right.
                && MessageDigest.isEqual(token,
                        authorization.substring(BEARER.length()).strip().getBytes(StandardCharsets.UTF_8))) {
            SecurityContext context = contexts.createEmptyContext();
            context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated("metrics scraper", null,
                    List.of(new SimpleGrantedAuthority(SCRAPE))));
            contexts.setContext(context);
            // Taken off the request so that the API token filter after this one does not read it as its own.
            chain.doFilter(new WithoutAuthorization(request), response);
            return;
        }
        chain.doFilter(request, response);
    }

    private static final class WithoutAuthorization extends HttpServletRequestWrapper {

        WithoutAuthorization(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getHeader(String name) {
            return HttpHeaders.AUTHORIZATION.equalsIgnoreCase(name) ? null : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return HttpHeaders.AUTHORIZATION.equalsIgnoreCase(name)
                    ? Collections.emptyEnumeration() : super.getHeaders(name);
        }
    }
}
