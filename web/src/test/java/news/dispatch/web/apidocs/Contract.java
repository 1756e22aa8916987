package news.dispatch.web.apidocs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.SortedSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API endpoints the contract ({@code shared/contract/http-api.md}) names, each with the statuses it names for
 * it, read from its bullets as a person reads them: {@code `METHOD /api/path`} starts an endpoint; a bare
 * {@code `PATCH`} later in the same sentence means the same path, one before a slash ({@code `GET`/`PUT /api/…`}) the
 * path that follows; a status after an arrow or in parentheses ({@code → `201`}, {@code → `202 {…}`},
 * {@code (`204`)}) is an answer of the last endpoint named, while one in passing ("answers the same `202`") is not.
 */
record Contract(Map<Endpoint, SortedSet<Integer>> endpoints) {

    private static final Pattern SPAN = Pattern.compile("`([^`]*)`");
    private static final Pattern METHOD = Pattern.compile("^(GET|POST|PUT|PATCH|DELETE)(?:\\s+(/[^\\s?]*))?");
    private static final Pattern STATUS = Pattern.compile("^([1-5]\\d\\d)(?!\\d)");

    /** One operation; its path with the names of its variables left out, as they may differ ({@code {id}}). */
    record Endpoint(String method, String path) {

        static Endpoint of(String method, String path) {
            return new Endpoint(method, path.replaceAll("\\{[^}]*}", "{}"));
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    static Contract read(String markdown) {
        Map<Endpoint, SortedSet<Integer>> endpoints = new LinkedHashMap<>();
        for (String item : items(markdown)) {
            Endpoint current = null;
            boolean sameSentence = false;
            List<String> waiting = new ArrayList<>();
            Matcher span = SPAN.matcher(item);
            int after = 0;
            while (span.find()) {
                String before = item.substring(after, span.start()).strip();
                after = span.end();
                if (before.endsWith(".") || before.contains(". ")) {
                    sameSentence = false;
                }
                String text = span.group(1).strip();
                Matcher method = METHOD.matcher(text);
                Matcher status = STATUS.matcher(text);
                if (method.find()) {
                    if (method.group(2) != null) {
                        current = Endpoint.of(method.group(1), method.group(2));
                        for (String earlier : waiting) {
                            add(endpoints, Endpoint.of(earlier, method.group(2)));
                        }
                        waiting.clear();
                        add(endpoints, current);
                        sameSentence = true;
                    } else if (item.startsWith("/", span.end())) {
                        waiting.add(method.group(1));
                    } else if (current != null && sameSentence) {
                        current = Endpoint.of(method.group(1), current.path());
                        add(endpoints, current);
                    }
                } else if (status.find() && current != null && endpoints.containsKey(current)
                        && (before.endsWith("→") || before.endsWith("("))) {
                    endpoints.get(current).add(Integer.parseInt(status.group(1)));
                }
            }
        }
        return new Contract(endpoints);
    }

    /** Only the API's paths count: a page or Actuator endpoint named in passing is not described there. */
    private static void add(Map<Endpoint, SortedSet<Integer>> endpoints, Endpoint endpoint) {
        if (endpoint.path().startsWith("/api/")) {
            endpoints.computeIfAbsent(endpoint, any -> new TreeSet<>());
        }
    }

    /** Each bullet with its continuation lines joined, so a span broken over two lines reads whole. */
    private static List<String> items(String markdown) {
        List<String> items = new ArrayList<>();
        StringBuilder item = null;
        for (String line : markdown.split("\n")) {
            String text = line.strip();
            if (text.startsWith("- ")) {
                if (item != null) {
                    items.add(item.toString());
                }
                item = new StringBuilder(text.substring(2));
            } else if (text.isEmpty() || text.startsWith("#") || text.startsWith("|")) {
                if (item != null) {
                    items.add(item.toString());
                }
                item = null;
            } else if (item != null) {
                item.append(' ').append(text);
            }
        }
        if (item != null) {
            items.add(item.toString());
        }
        return items;
    }
}
