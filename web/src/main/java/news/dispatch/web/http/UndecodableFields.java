package news.dispatch.web.http;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import news.dispatch.web.problem.Problems;

import org.apache.tomcat.util.http.InvalidParameterException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses with 400 a request whose query string or posted form has a field that does not decode: bytes that are not
 * UTF-8, or a broken {@code %} escape. Tomcat 11 throws from every question about such a request's fields, wherever
 * the first one is asked (a controller, the CSRF check), which answered it as a failure on our side, logged with its
 * stack. Placed after {@link BodySizeLimit}, which has already read any form under the body's limits.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class UndecodableFields extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            request.getParameterMap();
        } catch (InvalidParameterException undecodable) {
            Problems.sendError(request, response, HttpStatus.BAD_REQUEST, "A field of the query string or of the "
                    + "posted form could not be decoded: it is not valid UTF-8, or a % escape in it is malformed.");
            return;
        }
        chain.doFilter(request, response);
    }
}
