package news.dispatch.core.subscriber;

import java.net.IDN;
import java.util.Locale;
import java.util.regex.Pattern;

import news.dispatch.core.InvalidInput;

/**
 * A deliverable email address, at most 254 characters, as the reader typed it (surrounding blanks dropped).
 * Two addresses that differ only in case are the same reader: see {@link #key()}.
 */
public record EmailAddress(String value) {

    public static final int MAX_LENGTH = 254;
    private static final Pattern LOCAL = Pattern.compile(
            "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
    private static final Pattern DOMAIN = Pattern.compile(
            "([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

    /** Anything shaped like an address, even one the rules above would refuse; the local part in two groups. */
    private static final Pattern IN_TEXT = Pattern.compile(
            "([A-Za-z0-9!#$%&'+/=?^_`{|}~.-])[A-Za-z0-9!#$%&'+/=?^_`{|}~.-]*@([A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*)");

    public EmailAddress {
        if (value == null || value.isBlank()) {
            throw new InvalidInput("email", "email must not be blank");
        }
        if (value.length() > MAX_LENGTH) {
            throw new InvalidInput("email", "email must be at most " + MAX_LENGTH + " characters");
        }
        int at = value.lastIndexOf('@');
        if (at < 1 || at > 64 || at == value.length() - 1 || !LOCAL.matcher(value.substring(0, at)).matches()
                || !validDomain(value.substring(at + 1))) {
            throw new InvalidInput("email", "email is not a valid address");
        }
    }

    /**
     * The text with every address in it masked as its first character, {@code ***} and its domain
     * ({@code j***@example.com}): what a log may show of a reader. Masked text is left as it is.
     */
    public static String masked(String text) {
        return text == null || text.indexOf('@') < 0 ? text : IN_TEXT.matcher(text).replaceAll("$1***@$2");
    }

    public static EmailAddress of(String typed) {
        return new EmailAddress(typed == null ? null : typed.strip());
    }

    /** The form uniqueness is decided on: the whole address lower-cased. */
    public String key() {
        return value.toLowerCase(Locale.ROOT);
    }

    private static boolean validDomain(String domain) {
        try {
            String ascii = IDN.toASCII(domain, IDN.USE_STD3_ASCII_RULES);
            return ascii.length() <= 253 && DOMAIN.matcher(ascii).matches();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
