package news.dispatch.web.http;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.apache.tomcat.util.http.InvalidParameterException;

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

    private PostedForm(HttpServletRequest request, Map<String, List<String>> read,
                       InvalidParameterException undecodable) {
        super(request, read, undecodable);
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

    /**
     * Reads the whole body now, through the request's own (limited) stream. A field that is not UTF-8 once its
     * escapes are decoded, or whose escapes are broken, makes the whole form undecodable, as Tomcat 11 treats a query
     * string: one dropped field could change what the form asks for.
     */
    static PostedForm read(HttpServletRequest request) throws IOException {
        // One char per byte, so that raw bytes and escaped ones both come out as sent, to be read as UTF-8 whatever
        // the request declares, as the app reads every request (server.servlet.encoding.force-request).
        String body = new String(request.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        Map<String, List<String>> read = new LinkedHashMap<>();
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
                String name = decoded(equals < 0 ? pair : pair.substring(0, equals));
                String value = equals < 0 ? "" : decoded(pair.substring(equals + 1));
                read.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            } catch (IllegalArgumentException | CharacterCodingException malformed) {
                return new PostedForm(request, Map.of(), new InvalidParameterException(
                        "A posted field could not be decoded", malformed));
            }
        }
        return new PostedForm(request, read, null);
    }

    private static String decoded(String field) throws CharacterCodingException {
        byte[] bytes = URLDecoder.decode(field, StandardCharsets.ISO_8859_1).getBytes(StandardCharsets.ISO_8859_1);
        return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    }
}
