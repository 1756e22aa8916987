package news.dispatch.web.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scrape read line by line as Prometheus reads its text format (0.0.4): {@code # HELP} and {@code # TYPE} once per
 * family and before its samples, every sample {@code name{label="value",…} value} of the family last typed, under
 * its own name or one its type adds a suffix to. Anything else is refused with the line.
 */
record PrometheusText(Map<String, String> types, List<Sample> samples) {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern SAMPLE = Pattern.compile(
            "^(" + NAME + ")(?:\\{(.*)})? (\\S+)(?: -?\\d+)?$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"");
    private static final Pattern COMMENT = Pattern.compile("^# (HELP|TYPE) (" + NAME + ") ?(.*)$");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

    record Sample(String name, Map<String, String> labels, double value) {
    }

    static PrometheusText parse(String text) {
        Map<String, String> types = new LinkedHashMap<>();
        Map<String, String> helps = new LinkedHashMap<>();
        List<Sample> samples = new ArrayList<>();
        String family = null;
        int number = 0;
        for (String line : text.split("\n", -1)) {
            number++;
            String where = "line " + number + ": " + line;
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                Matcher comment = COMMENT.matcher(line);
                if (!comment.matches()) {
                    continue;
                }
                String name = comment.group(2);
                if (comment.group(1).equals("HELP")) {
                    require(helps.put(name, comment.group(3)) == null, "a second HELP, " + where);
                    require(!types.containsKey(name), "HELP after TYPE, " + where);
                } else {
                    require(TYPES.contains(comment.group(3)), "an unknown type, " + where);
                    require(types.put(name, comment.group(3)) == null, "a second TYPE, " + where);
                    require(helps.containsKey(name), "TYPE without HELP, " + where);
                    family = name;
                }
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            require(sample.matches(), "not a sample, " + where);
            String name = sample.group(1);
            require(family != null && belongs(name, family, types.get(family)),
                    "a sample outside its family " + family + ", " + where);
            samples.add(new Sample(name, labels(sample.group(2), where), value(sample.group(3), where)));
        }
        return new PrometheusText(types, samples);
    }

    /** The names a family's samples may have: a counter's {@code _total}, a histogram's buckets, count and sum. */
    private static boolean belongs(String name, String family, String type) {
        String base = family.endsWith("_total") ? family.substring(0, family.length() - "_total".length()) : family;
        return switch (type) {
            case "counter" -> name.equals(base + "_total") || name.equals(base + "_created");
            case "gauge", "untyped" -> name.equals(family);
            case "histogram" -> Set.of(family + "_bucket", family + "_count", family + "_sum", family + "_created")
                    .contains(name);
            case "summary" -> Set.of(family, family + "_count", family + "_sum", family + "_created").contains(name);
            default -> false;
        };
    }

    private static Map<String, String> labels(String text, String where) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (text == null || text.isEmpty()) {
            return labels;
        }
        Matcher label = LABEL.matcher(text);
        int at = 0;
        while (at < text.length()) {
            require(label.find(at) && label.start() == at, "a broken label at " + at + ", " + where);
            require(labels.put(label.group(1), label.group(2)) == null, "a label twice, " + where);
            at = label.end();
            if (at < text.length()) {
                require(text.charAt(at) == ',', "labels not separated by commas, " + where);
                at++;
            }
        }
        return labels;
    }

    private static double value(String text, String where) {
        return switch (text) {
            case "NaN" -> Double.NaN;
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> {
                try {
                    yield Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("not a value, " + where);
                }
            }
        };
    }

    private static void require(boolean holds, String problem) {
        if (!holds) {
            throw new IllegalArgumentException("The scrape has " + problem);
        }
    }

    List<Sample> named(String name) {
        return samples.stream().filter(sample -> sample.name().equals(name)).toList();
    }

    double value(String name, Map<String, String> labels) {
        return samples.stream()
                .filter(sample -> sample.name().equals(name) && sample.labels().entrySet().containsAll(labels.entrySet()))
                .mapToDouble(Sample::value).sum();
    }
}
