package news.dispatch.web.http;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

/**
 * A form posted as {@code application/x-www-form-urlencoded}, its fields read from a body that keeps to the body's
 * limits, beside those of the query string as Tomcat reads them. Tomcat would otherwise read the fields itself, under
 * no deadline, from whoever first asks for one (the CSRF check, for any address).
 */
final class PostedForm extends PostedFields {

    /**
     * What Tomcat took under Spring Boot's default ({@code server.tomcat.max-parameter-count}): a form with more fields
     * is not one a browser sent, and the rest are dropped. Fewer would drop a form's CSRF token behind a long list of
     * ticked tags, and the reader would get a refusal instead of the page that says what is wrong.
     */
    private static final int MAX_FIELDS = 10_000;

    private PostedForm(HttpServletRequest request, Map<String, List<String>> read) {
        super(request, read);
    }

    static boolean isForm(HttpServletRequest request) {
        String type = request.getContentType();
        if (!"POST".equals(request.getMethod()) || type == null) {
            return false;
        }
        int parameters = type.indexOf(';');
        return (parameters < 0 ? type : type.substring(0, parameters)).trim()
                .equalsIgnoreCase("application/x-www-form-urlencoded");
    }

    /** Reads the whole body now, through the request's own (limited) stream. */
    static PostedForm read(HttpServletRequest request) throws IOException {
        // UTF-8 whatever the request declares, as the app reads every request (server.servlet.encoding.force-request).
        Charset charset = StandardCharsets.UTF_8;
        String body = new String(request.getInputStream().readAllBytes(), charset);
        Map<String, List<String>> read = queryFields(request);
        int count = 0;
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            if (count++ == MAX_FIELDS) {
                break;
            }
            int equals = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), charset);
                String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), charset);
                read.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            } catch (IllegalArgumentException malformed) {
                // As Tomcat does: a field that is not properly encoded is left out, the others kept.
            }
        }
        return new PostedForm(request, read);
    }

}
