package news.dispatch.web.reader;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import news.dispatch.mailer.subscription.ReaderSettings;
import news.dispatch.web.problem.TooManyRequests;
import news.dispatch.web.ratelimit.RateLimiter;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Counts, per client address, the readers' links opened with a token that finds nobody (answered 404). Past
 * {@code dispatch.readers.link-failures-per-client} in {@code link-failure-window}, every link the client opens is
 * answered 429 with {@code Retry-After} before its token is even looked up. A token is 256 bits, so guessing is
 * hopeless anyway; this keeps a robot from trying cheaply. Readers opening their own links never fail, so they never
 * meet the limit. A one-click unsubscribe (a POST to the unsubscribe link) is never refused.
 */
@Component
class LinkThrottle implements HandlerInterceptor, WebMvcConfigurer {

    /** Addresses tracked before idle ones are forgotten. */
    private static final int MAX_KEYS = 50_000;

    private final RateLimiter failures;

    LinkThrottle(ReaderSettings settings, Clock clock) {
        this.failures = new RateLimiter(settings.linkFailuresPerClient(), settings.linkFailureWindow(), MAX_KEYS,
                clock);
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/api/subscriptions/confirm", "/api/preferences/**",
                "/confirm/**", "/preferences/**", "/unsubscribe/**", "/follow/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws IOException {
        if (oneClick(request)) {
            // Mailbox providers post these from shared servers, where others' stale links count too: a reader leaving
            // is never told to wait. Its failures still count against the client's other links.
            return true;
        }
        Optional<Duration> wait = failures.waitFor(request.getRemoteAddr());
        if (wait.isPresent()) {
            TooManyRequests tooMany = new TooManyRequests("Too many unknown links were opened from your address. "
                    + "Try again later.", wait.get());
            if (!(handler instanceof HandlerMethod)) {
                // A cut-off link ("/confirm/") that no controller takes, so no controller's advice would answer:
                // the container's error page does, as a page or a problem detail.
                response.setHeader(HttpHeaders.RETRY_AFTER, tooMany.retryAfterSeconds());
                response.sendError(HttpStatus.TOO_MANY_REQUESTS.value());
                return false;
            }
            throw tooMany;
        }
        return true;
    }

    /** RFC 8058's one-click unsubscribe: a POST to the link itself. */
    private static boolean oneClick(HttpServletRequest request) {
        return "POST".equals(request.getMethod()) && request.getRequestURI().startsWith("/unsubscribe/");
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
                                Exception exception) {
        if (response.getStatus() == HttpStatus.NOT_FOUND.value()) {
            failures.acquire(request.getRemoteAddr());
        }
    }
}
