package news.dispatch.core;

import java.util.ArrayList;
import java.util.List;

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

    /**
     * What each check refuses, every check run whatever the others found, so that a form can mark every field at fault
     * at once; empty when all of them pass.
     */
    public static List<InvalidInput> refusals(Runnable... checks) {
        List<InvalidInput> refused = new ArrayList<>();
        for (Runnable check : checks) {
            try {
                check.run();
            } catch (InvalidInput invalid) {
                refused.add(invalid);
            }
        }
        return refused;
    }
}
