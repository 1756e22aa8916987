package news.dispatch.core.net;

import java.util.regex.Pattern;

/** International domain names, as the JDK (IDNA2003) and the registries (IDNA2008) read them. */
public final class DomainNames {

    /**
     * Characters IDNA2003 (the JDK's) maps away while IDNA2008 (what registries use) keeps them: {@code straße} would
     * become another domain, {@code strasse}. Refused rather than mailed or linked somewhere else (ICU's UTS #46
     * processing would tell them apart, at the price of a 14 MB library for a handful of domains).
     */
    private static final Pattern DEVIATIONS = Pattern.compile("[\u00DF\u03C2\u200C\u200D]");

    private DomainNames() {
    }

    /** Whether the two IDNA standards read the domain as two different ones (it holds ß, ς, ZWJ or ZWNJ). */
    public static boolean readTwoWays(String domain) {
        return DEVIATIONS.matcher(domain).find();
    }
}
