package news.dispatch.core.subscriber;

import java.net.IDN;
import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

import news.dispatch.core.InvalidInput;
import news.dispatch.core.net.DomainNames;

/**
 * A deliverable email address of at most 254 characters, in one normal form, so that look-alike spellings of one
 * address are one reader: {@link #of} takes the address as typed (surrounding blanks dropped), applies Unicode NFKC
 * (fullwidth letters, compatibility forms, composed and decomposed accents become one spelling), writes the domain in
 * its ASCII form (IDNA: {@code bücher.example} is {@code xn--bcher-kva.example}) and lower-cases it. The local part
 * keeps its case as typed; two addresses that differ only in case are still the same reader: see {@link #key()}.
 * What cannot be put in that form is refused with a message for the person who typed it.
 *
 * <p>The canonical constructor takes an address already in that form, as Dispatch stores it, and checks only that it
 * is one line with an {@code @}: addresses stored before the normal form existed still read.
 */
public record EmailAddress(String value) {

    public static final int MAX_LENGTH = 254;
    private static final int MAX_LOCAL_LENGTH = 64;
    private static final Pattern LOCAL = Pattern.compile(
            "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
    private static final Pattern DOMAIN = Pattern.compile(
            "([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?");

    /**
     * Anything shaped like an address with a dotted domain, as every reader's is, even one the rules above would
     * refuse; the local part in two groups. A dotless "domain" is left alone: it is an object's name in a log line
     * ({@code PgConnection@1c35c1dd}) far more often than an address.
     */
    private static final Pattern IN_TEXT = Pattern.compile(
            "([A-Za-z0-9!#$%&'+/=?^_`{|}~.-])[A-Za-z0-9!#$%&'+/=?^_`{|}~.-]*@([A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+)");

    public EmailAddress {
        if (value == null || value.isBlank()) {
            throw new InvalidInput("email", "email must not be blank");
        }
        if (value.length() > MAX_LENGTH) {
            throw new InvalidInput("email", "email must be at most " + MAX_LENGTH + " characters");
        }
        int at = value.lastIndexOf('@');
        if (at < 1 || at == value.length() - 1 || value.codePoints()
                .anyMatch(c -> hidden(c) || Character.isSpaceChar(c) || Character.isWhitespace(c))) {
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

    /**
     * The address as a person typed it, in its normal form.
     *
     * @throws InvalidInput (field {@code email}) when it is no address, or cannot be put in the normal form
     */
    public static EmailAddress of(String typed) {
        if (typed == null || typed.isBlank()) {
            throw new InvalidInput("email", "email must not be blank");
        }
        // Normalising can lengthen text; far too long input is refused before any work is spent on it.
        if (typed.length() > 4 * MAX_LENGTH) {
            throw new InvalidInput("email", "email must be at most " + MAX_LENGTH + " characters");
        }
        String stripped = typed.strip();
        if (stripped.codePoints().anyMatch(EmailAddress::hidden)) {
            throw new InvalidInput("email", "email must not hold line breaks, control or invisible characters");
        }
        String normal = Normalizer.normalize(stripped, Normalizer.Form.NFKC);
        int at = normal.lastIndexOf('@');
        if (at < 1 || at == normal.length() - 1) {
            throw new InvalidInput("email", "email is not a valid address");
        }
        String local = normal.substring(0, at);
        if (local.chars().anyMatch(c -> c > 0x7F)) {
            throw new InvalidInput("email", "email's part before the @ must be in ASCII: an address such as "
                    + "renée@… needs mail servers that take international mailboxes (SMTPUTF8), and not every one "
                    + "does; an international domain (user@bücher.example) is fine");
        }
        if (local.length() > MAX_LOCAL_LENGTH || !LOCAL.matcher(local).matches()) {
            throw new InvalidInput("email", "email is not a valid address");
        }
        String address = local + '@' + asciiDomain(normal.substring(at + 1));
        if (address.length() > MAX_LENGTH) {
            throw new InvalidInput("email", "email must be at most " + MAX_LENGTH + " characters");
        }
        return new EmailAddress(address);
    }

    /** The form uniqueness is decided on: the whole address lower-cased. */
    public String key() {
        return value.toLowerCase(Locale.ROOT);
    }

    /** The domain in IDNA's ASCII form, lower-cased; every {@code xn--} label must decode and be in standard form. */
    private static String asciiDomain(String domain) {
        if (DomainNames.readTwoWays(domain)) {
            throw new InvalidInput("email", "email's domain holds ß or ς, which the two standards for "
                    + "international domain names read differently: such domains cannot be accepted");
        }
        String ascii;
        try {
            ascii = IDN.toASCII(domain, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new InvalidInput("email", "email's domain is not a valid domain name");
        }
        if (ascii.length() > 253 || !DOMAIN.matcher(ascii).matches()) {
            throw new InvalidInput("email", "email's domain is not a valid domain name");
        }
        for (String label : ascii.split("\\.")) {
            if (label.startsWith("xn--") && !standardAceLabel(label)) {
                throw new InvalidInput("email", "email's domain has a label (" + label + ") that is not a valid "
                        + "internationalised name");
            }
        }
        return ascii;
    }

    /**
     * Whether an {@code xn--} label decodes, and encodes back to itself: two spellings of one name would be two
     * readers. The JDK's decoder refuses the IDNA2008 form of a name with a
     * {@linkplain DomainNames#readTwoWays deviation}, so such a domain is refused in either form.
     */
    private static boolean standardAceLabel(String label) {
        String unicode = IDN.toUnicode(label, IDN.USE_STD3_ASCII_RULES);
        if (unicode.equals(label) || unicode.codePoints().anyMatch(EmailAddress::hidden)) {
            return false;
        }
        try {
            return IDN.toASCII(unicode, IDN.USE_STD3_ASCII_RULES).equals(label);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Controls, and characters that show as nothing (format, unassigned, private use, lone surrogates). */
    private static boolean hidden(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.UNASSIGNED, Character.PRIVATE_USE, Character.SURROGATE -> true;
            default -> false;
        };
    }

    @Override
    public String toString() {
        return value;
    }
}
