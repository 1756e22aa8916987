package news.dispatch.web.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/** A request whose posted fields Dispatch read itself, from a body kept to its limits, beside the query string's. */
abstract class PostedFields extends HttpServletRequestWrapper {

    private final Map<String, String[]> fields;

    PostedFields(HttpServletRequest request, Map<String, List<String>> read) {
        super(request);
        Map<String, String[]> fields = new LinkedHashMap<>();
        read.forEach((name, values) -> fields.put(name, values.toArray(String[]::new)));
        this.fields = Collections.unmodifiableMap(fields);
    }

    /** The query string's fields, to add the body's to: asked once the body was taken, Tomcat reads only those. */
    static Map<String, List<String>> queryFields(HttpServletRequest request) {
        Map<String, List<String>> read = new LinkedHashMap<>();
        request.getParameterMap().forEach((name, values) -> read.computeIfAbsent(name, n -> new ArrayList<>())
                .addAll(List.of(values)));
        return read;
    }

    @Override
    public String getParameter(String name) {
        String[] values = fields.get(name);
        return values == null ? null : values[0];
    }

    @Override
    public Map<String, String[]> getParameterMap() {
        return fields;
    }

    @Override
    public Enumeration<String> getParameterNames() {
        return Collections.enumeration(fields.keySet());
    }

    @Override
    public String[] getParameterValues(String name) {
        String[] values = fields.get(name);
        return values == null ? null : values.clone();
    }
}
