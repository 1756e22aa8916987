package news.dispatch.core;

/**
 * A value a person typed or sent cannot be accepted. {@link #field()} names the input in the words of the
 * public API ({@code email}, {@code tags}, {@code timezone} …) so the web layer can point at it; the message
 * is written for the person who has to fix it.
 */
public class InvalidInput extends RuntimeException {

    private final String field;

    public InvalidInput(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
