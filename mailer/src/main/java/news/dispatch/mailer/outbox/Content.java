package news.dispatch.mailer.outbox;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import news.dispatch.core.subscriber.Frequency;

/** What a delivery will say, stored as {@code key=value&…} until it is written at send time. */
record Content(Map<String, String> values) {

    Content {
        values = Map.copyOf(values);
    }

    static Content of(String key, String value) {
        return new Content(Map.of(key, value));
    }

    /**
     * A digest's content in its stored form, written straight rather than through {@link #stored()}: a run writes
     * one for every reader, and encoding each the general way was a tenth of the run. The same text either way.
     */
    static String storedDigest(List<Long> articleIds, int more, Frequency rhythm) {
        StringBuilder stored = new StringBuilder(24 + 10 * articleIds.size()).append("articles=");
        for (int i = 0; i < articleIds.size(); i++) {
            if (i > 0) {
                stored.append("%2C");
            }
            stored.append(articleIds.get(i).longValue());
        }
        stored.append("&more=").append(more);
        if (rhythm != null) {
            stored.append("&rhythm=").append(rhythm.name());
        }
        return stored.toString();
    }

    /**
     * A digest's content with the corrections, follow-ups and notices of retired tags (their keys) it carries, when it
     * carries some.
     */
    static String storedDigest(List<Long> articleIds, int more, Frequency rhythm, List<Long> corrections,
                               List<Long> followUps, List<String> retired) {
        String stored = storedDigest(articleIds, more, rhythm);
        if (!corrections.isEmpty()) {
            stored += "&corrections=" + joined(corrections);
        }
        if (!followUps.isEmpty()) {
            stored += "&followups=" + joined(followUps);
        }
        if (!retired.isEmpty()) {
            stored += "&retired=" + retired.stream().map(key -> URLEncoder.encode(key, StandardCharsets.UTF_8))
                    .collect(Collectors.joining("%2C"));
        }
        return stored;
    }

    private static String joined(List<Long> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining("%2C"));
    }

    static Content parse(String stored) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : stored.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                values.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return new Content(values);
    }

    String stored() {
        return values.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .sorted()
                .collect(Collectors.joining("&"));
    }

    String get(String key) {
        String value = values.get(key);
        if (value == null) {
            throw new IllegalStateException("delivery content has no " + key);
        }
        return value;
    }

    long number(String key) {
        return Long.parseLong(get(key));
    }

    /** The ids listed under the key; none when the key is absent. */
    List<Long> numbersIfAny(String key) {
        return values.containsKey(key) ? numbers(key) : List.of();
    }

    /** The words listed under the key; none when the key is absent. */
    List<String> wordsIfAny(String key) {
        return !values.containsKey(key) || values.get(key).isEmpty() ? List.of()
                : Arrays.asList(values.get(key).split(","));
    }

    List<Long> numbers(String key) {
        String list = get(key);
        return list.isEmpty() ? List.of() : Arrays.stream(list.split(",")).map(Long::valueOf).toList();
    }
}
