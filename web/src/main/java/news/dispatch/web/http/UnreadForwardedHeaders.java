package news.dispatch.web.http;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Says once, in the log, that requests come through a proxy whose {@code X-Forwarded-*} headers Dispatch is not set to
 * read: behind a TLS proxy with {@code server.forward-headers-strategy} left as it is, nothing else showed it (an
 * operator's QA, 8 December 2026), while HTTPS went unseen (no {@code Secure} cookie, no HSTS, redirects to
 * {@code http}) and every reader counted as the proxy for the per-client limits.
 */
@Component
@ConditionalOnProperty(name = "server.forward-headers-strategy", havingValue = "none", matchIfMissing = true)
class UnreadForwardedHeaders extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(UnreadForwardedHeaders.class);

    private final AtomicBoolean said = new AtomicBoolean();

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!said.get() && (request.getHeader("X-Forwarded-Proto") != null
                || request.getHeader("X-Forwarded-For") != null) && !said.getAndSet(true)) {
            log.warn("A request from {} came through a proxy (it carries X-Forwarded-Proto or -For), which Dispatch"
                    + " does not read: HTTPS is not seen (no Secure cookie, no HSTS) and every client behind it counts"
                    + " as the proxy for the per-client limits. Behind your own proxy, set"
                    + " server.forward-headers-strategy=native (web README, Requests). Said once.",
                    request.getRemoteAddr());
        }
        chain.doFilter(request, response);
    }
}
