package news.dispatch.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

import news.dispatch.core.subscriber.Language;
import news.dispatch.core.subscriber.Words;

/**
 * Checks a message bundle ({@link Words}) as a translator leaves it: every language has every key, no key is in one
 * language only, no message is blank, each parses as its format does and takes the same arguments as the English
 * one, and no single quote stands alone (MessageFormat would swallow it).
 */
public final class Bundles {

    private Bundles() {
    }

    /** What is wrong with the bundle, one line each; empty when it is complete. */
    public static List<String> problems(String bundle) {
        Map<Language, Properties> languages = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (Language language : Words.LANGUAGES) {
            Properties messages = load(bundle, language);
            if (messages == null) {
                problems.add(bundle + ": no file for " + language.code());
            } else {
                languages.put(language, messages);
            }
        }
        TreeSet<String> keys = new TreeSet<>();
        languages.values().forEach(messages -> keys.addAll(messages.stringPropertyNames()));
        Properties english = languages.get(Language.EN);
        languages.forEach((language, messages) -> {
            for (String key : keys) {
                String message = messages.getProperty(key);
                if (message == null) {
                    problems.add(language.code() + ": " + key + " is missing");
                } else if (message.isBlank()) {
                    problems.add(language.code() + ": " + key + " is blank");
                } else {
                    problems.addAll(checked(language, key, message,
                            english == null ? null : english.getProperty(key)));
                }
            }
        });
        return problems;
    }

    private static List<String> checked(Language language, String key, String message, String inEnglish) {
        String where = language.code() + ": " + key;
        try {
            if (key.equals(Words.TIME_PATTERN)) {
                DateTimeFormatter.ofPattern(message, language.locale());
                return List.of();
            }
            List<String> problems = new ArrayList<>();
            if (message.replace("''", "").indexOf('\'') >= 0) {
                problems.add(where + " has a single quote alone: write it twice ('') or as ’");
            }
            if (inEnglish != null && arguments(message, language) != arguments(inEnglish, Language.EN)) {
                problems.add(where + " takes other arguments than the English message");
            }
            return problems;
        } catch (IllegalArgumentException unreadable) {
            return List.of(where + " does not parse: " + unreadable.getMessage());
        }
    }

    private static int arguments(String message, Language language) {
        return new MessageFormat(message, language.locale()).getFormatsByArgumentIndex().length;
    }

    private static Properties load(String bundle, Language language) {
        String file = bundle.replace('.', '/') + "_" + language.code() + ".properties";
        try (InputStream in = Bundles.class.getClassLoader().getResourceAsStream(file)) {
            if (in == null) {
                return null;
            }
            Properties messages = new Properties();
            messages.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return messages;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
