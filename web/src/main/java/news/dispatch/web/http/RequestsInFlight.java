package news.dispatch.web.http;

import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import news.dispatch.web.problem.Problems;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * At most {@link HttpSettings#requestsPerClient()} requests of one client address in the app at once; one more is
 * answered 429 at once, before anything reads its body, and its connection closes. Each request in flight holds a
 * server thread: a client that sent 230 bodies a byte every four seconds held all of Tomcat's 200 for the whole body
 * deadline, again and again, and nobody else was served (QA, 7 December). The address is the reader's behind a proxy
 * only once {@code server.forward-headers-strategy} says so, as for every limit per client.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestsInFlight extends OncePerRequestFilter {

    private final ConcurrentHashMap<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final int perClient;
    private final Problems problems;

    RequestsInFlight(HttpSettings settings, Problems problems) {
        this.perClient = settings.requestsPerClient();
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String client = request.getRemoteAddr();
        int now = inFlight.compute(client, (address, count) -> {
            AtomicInteger counted = count == null ? new AtomicInteger() : count;
            counted.incrementAndGet();
            return counted;
        }).get();
        try {
            if (now > perClient) {
                response.setHeader("Retry-After", "1");
                response.setHeader("Connection", "close");
                problems.write(request, response, HttpStatus.TOO_MANY_REQUESTS,
                        "Too many requests from your address at once. Try again in a moment.");
                return;
            }
            chain.doFilter(request, response);
        } finally {
            inFlight.computeIfPresent(client, (address, count) -> count.decrementAndGet() == 0 ? null : count);
        }
    }
}
