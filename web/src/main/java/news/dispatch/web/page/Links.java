package news.dispatch.web.page;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;

/** Query strings for the admin pages' links, every value encoded. */
public final class Links {

    private Links() {
    }

    /** {@code path?name=value&…} with the pairs whose value is not blank; {@code pairs} are name, value, name … */
    public static String to(String path, Object... pairs) {
        StringJoiner query = new StringJoiner("&");
        for (int i = 0; i < pairs.length; i += 2) {
            Object value = pairs[i + 1];
            if (value != null && !value.toString().isBlank()) {
                query.add(pairs[i] + "=" + URLEncoder.encode(value.toString(), StandardCharsets.UTF_8));
            }
        }
        return query.length() == 0 ? path : path + "?" + query;
    }
}
