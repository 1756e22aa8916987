package news.dispatch.web.page;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import news.dispatch.core.InvalidInput;

/**
 * Why a staff form's fields were refused, by field name: the page puts each message under its field, with the id
 * {@code FIELD-error} that the field's {@code aria-describedby} points at, as the reader's Edit form does. Public
 * because the precompiled templates, in another package, read it.
 *
 * @param messages each refused field's message, a sentence
 */
public record FieldErrors(Map<String, String> messages) {

    /** A form not refused, or not sent yet. */
    public static final FieldErrors NONE = new FieldErrors(Map.of());

    /** The summary above a refused form that adds something (an account, a suppression, a webhook). */
    public static final String NOT_ADDED = "Not added: please correct the marked fields.";

    public FieldErrors {
        messages = Map.copyOf(messages);
    }

    /** The refusals as sentences, each under the field it names; a field refused twice keeps its first. */
    public static FieldErrors of(List<InvalidInput> refusals) {
        Map<String, String> messages = new LinkedHashMap<>();
        for (InvalidInput refusal : refusals) {
            messages.putIfAbsent(refusal.field(), sentence(refusal.getMessage()));
        }
        return new FieldErrors(messages);
    }

    public static FieldErrors of(String field, String message) {
        return new FieldErrors(Map.of(field, sentence(message)));
    }

    public boolean any() {
        return !messages.isEmpty();
    }

    /** The field's message, or {@code null}. */
    public String error(String field) {
        return messages.get(field);
    }

    /** For {@code aria-invalid}: "true" when the field was refused, else nothing. */
    public String invalid(String field) {
        return messages.containsKey(field) ? "true" : null;
    }

    /** For {@code aria-describedby}: the field's hint and its error message, those that are there. */
    public String describedBy(String field, String hintId) {
        String errorId = messages.containsKey(field) ? field + "-error" : null;
        if (hintId == null) {
            return errorId;
        }
        return errorId == null ? hintId : hintId + " " + errorId;
    }

    /**
     * The services' messages continue a sentence ("Not added: email is not…"); under a field one stands alone. A
     * message that starts with the field's name "url" starts with "URL" ("Url must be…" read as a typo).
     */
    private static String sentence(String message) {
        String capital = message.isEmpty() ? message
                : message.startsWith("url") ? "URL" + message.substring(3)
                : message.substring(0, 1).toUpperCase(Locale.ROOT) + message.substring(1);
        return capital.endsWith(".") ? capital : capital + ".";
    }
}
