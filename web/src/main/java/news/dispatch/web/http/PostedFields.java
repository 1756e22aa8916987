package news.dispatch.web.http;

import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import org.apache.tomcat.util.http.InvalidParameterException;

/**
 * A request whose posted fields Dispatch read itself, from a body kept to its limits, after the query string's. A
 * field of either that does not decode makes every question about the fields throw, as Tomcat's own request does, so
 * that {@link UndecodableFields} answers it the same way whichever one it was.
 */
abstract class PostedFields extends HttpServletRequestWrapper {

    private final Map<String, String[]> fields;
    private final InvalidParameterException undecodable;

    /** Asks Tomcat for the query string's fields: once the body was taken, Tomcat reads only those. */
    PostedFields(HttpServletRequest request, Map<String, List<String>> posted, InvalidParameterException undecodable) {
        super(request);
        Map<String, String[]> fields = new LinkedHashMap<>();
        InvalidParameterException failed = undecodable;
        try {
            request.getParameterMap().forEach((name, values) -> fields.put(name, values.clone()));
        } catch (InvalidParameterException query) {
            failed = query;
        }
        posted.forEach((name, values) -> fields.merge(name, values.toArray(String[]::new), PostedFields::joined));
        this.fields = Collections.unmodifiableMap(fields);
        this.undecodable = failed;
    }

    private static String[] joined(String[] first, String[] then) {
        String[] both = new String[first.length + then.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(then, 0, both, first.length, then.length);
        return both;
    }

    private Map<String, String[]> fields() {
        if (undecodable != null) {
            throw undecodable;
        }
        return fields;
    }

    @Override
    public String getParameter(String name) {
        String[] values = fields().get(name);
        return values == null ? null : values[0];
    }

    @Override
    public Map<String, String[]> getParameterMap() {
        return fields();
    }

    @Override
    public Enumeration<String> getParameterNames() {
        return Collections.enumeration(fields().keySet());
    }

    @Override
    public String[] getParameterValues(String name) {
        String[] values = fields().get(name);
        return values == null ? null : values.clone();
    }
}
