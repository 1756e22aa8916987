package news.dispatch.core;

/**
 * A setting the operator gave cannot be used, found only as it is put to use (a key file that cannot be read, a key
 * too weak to sign with), where the binding of settings could not see it. The message names the setting and what is
 * wrong with it, for the start's failure report rather than a stack trace.
 */
public class RefusedSetting extends IllegalStateException {

    private final String setting;

    public RefusedSetting(String setting, String problem, Throwable cause) {
        super(setting + ": " + problem, cause);
        this.setting = setting;
    }

    public RefusedSetting(String setting, String problem) {
        this(setting, problem, null);
    }

    /** The property, as an operator writes it in {@code application.properties}. */
    public String setting() {
        return setting;
    }
}
