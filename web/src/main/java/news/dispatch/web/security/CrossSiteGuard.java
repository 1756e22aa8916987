package news.dispatch.web.security;

import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import news.dispatch.mailer.subscription.ReaderSettings;
import news.dispatch.web.problem.Problems;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses, on the API, the state-changing requests a page on another site can make a browser send with whatever
 * credentials the browser holds for us (a password saved from a Basic prompt is sent along like a cookie, and no
 * SameSite rule holds it back).
 * <ul>
 * <li>403 when the browser says the request comes from elsewhere: {@code Sec-Fetch-Site} {@code cross-site} or
 * {@code same-site}, or an {@code Origin} other than this server's own (as the request reaches us, forwarded headers
 * applied where the server is set to read them) or the base URL's. {@code Origin: null} (a sandboxed frame, a
 * {@code data:} page, some redirects) is elsewhere too. A sign-up ({@code POST /api/subscriptions}) from one of the
 * newsroom's sites ({@code dispatch.readers.sign-up-origins}) is not: their browsers ask first (CORS).</li>
 * <li>415 when a body comes in a media type the endpoint does not document: JSON ({@code application/json} or
 * {@code application/*+json}) everywhere, {@code text/csv} for the subscriber import. The types a form or a
 * {@code no-cors} fetch can send without asking first ({@code text/plain}, form-encoded, multipart) are never among
 * them, so no browser sends a body we take without our consent, whatever it says of its origin.</li>
 * </ul>
 * A request without a body passes whatever its {@code Content-Type}, as it always has ({@code curl -X POST}, or
 * {@code curl -d ''}). Scripts send neither {@code Origin} nor {@code Sec-Fetch-Site}, and their requests pass.
 */
final class CrossSiteGuard extends OncePerRequestFilter {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
    private static final Set<String> FOREIGN_SITES = Set.of("cross-site", "same-site");
    private static final MediaType JSON_SUFFIXED = MediaType.parseMediaType("application/*+json");
    private static final MediaType CSV = MediaType.parseMediaType("text/csv");
    private static final RequestMatcher CSV_IMPORT = PathPatternRequestMatcher.withDefaults()
            .matcher(HttpMethod.POST, "/api/admin/subscribers/import");
    private static final RequestMatcher SIGN_UP = PathPatternRequestMatcher.withDefaults()
            .matcher(HttpMethod.POST, "/api/subscriptions");

    private final Problems problems;
    private final URI baseUrl;
    private final ReaderSettings readers;

    CrossSiteGuard(Problems problems, URI baseUrl, ReaderSettings readers) {
        this.problems = problems;
        this.baseUrl = baseUrl;
        this.readers = readers;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (SAFE_METHODS.contains(request.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        if (fromElsewhere(request)
                && !(SIGN_UP.matches(request) && readers.signUpAllowedFrom(request.getHeader(HttpHeaders.ORIGIN)))) {
            problems.write(request, response, HttpStatus.FORBIDDEN, "The API does not act on requests a browser sends from "
                    + "another site. Call it from a script, or from Dispatch's own pages.");
            return;
        }
        boolean csv = CSV_IMPORT.matches(request);
        if (hasBody(request) && !documented(request.getContentType(), csv)) {
            String takes = csv ? "text/csv" : "application/json";
            response.setHeader(HttpHeaders.ACCEPT, takes);
            problems.write(request, response, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Content-Type '"
                    + String.valueOf(request.getContentType()) + "' is not supported here: send " + takes + ".");
            return;
        }
        chain.doFilter(request, response);
    }

    private boolean fromElsewhere(HttpServletRequest request) {
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null && FOREIGN_SITES.contains(site.strip().toLowerCase(Locale.ROOT))) {
            return true;
        }
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin == null) {
            return false;
        }
        URI from;
        try {
            from = URI.create(origin.strip());
        } catch (IllegalArgumentException malformed) {
            return true;
        }
        if (from.getScheme() == null || from.getHost() == null) {
            // "null" and anything else that names no origin.
            return true;
        }
        return !sameOrigin(from, request.getScheme(), request.getServerName(), request.getServerPort())
                && !(baseUrl.getHost() != null
                && sameOrigin(from, baseUrl.getScheme(), baseUrl.getHost(), baseUrl.getPort()));
    }

    private static boolean sameOrigin(URI origin, String scheme, String host, int port) {
        return origin.getScheme().equalsIgnoreCase(scheme)
                && unbracketed(origin.getHost()).equalsIgnoreCase(unbracketed(host))
                && port(origin.getScheme(), origin.getPort()) == port(scheme, port);
    }

    private static String unbracketed(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static int port(String scheme, int port) {
        if (port >= 0) {
            return port;
        }
        return "https".equalsIgnoreCase(scheme) ? 443 : 80;
    }

    /** A length above zero, or a chunked body (which might still be empty: it has to be of a documented type). */
    private static boolean hasBody(HttpServletRequest request) {
        long length = request.getContentLengthLong();
        return length > 0 || (length < 0 && request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null);
    }

    private static boolean documented(String contentType, boolean csv) {
        if (contentType == null) {
            return false;
        }
        MediaType type;
        try {
            type = MediaType.parseMediaType(contentType);
        } catch (InvalidMediaTypeException unreadable) {
            return false;
        }
        if (csv) {
            return CSV.equalsTypeAndSubtype(type);
        }
        return MediaType.APPLICATION_JSON.equalsTypeAndSubtype(type) || JSON_SUFFIXED.includes(type);
    }
}
