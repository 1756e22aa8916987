package news.dispatch.mailer.subscription;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import news.dispatch.core.subscriber.Language;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How readers sign up, and the limits that keep the sign-up from being used against them or against Dispatch.
 *
 * @param signUpsPerClient     sign-ups one client address may make per {@code signUpWindow}, form and API
 *                             together; more are answered 429 with {@code Retry-After}. Counted in memory on each
 *                             node
 * @param signUpsPerAddress    sign-ups for one email address per {@code signUpWindow}, from any client; counted in
 *                             memory on each node
 * @param signUpWindow         the period both sign-up limits count in; used permits come back evenly over it
 * @param confirmationsPerHour confirmation emails one address may be sent in any hour, however often it is signed
 *                             up: a sign-up past it is answered as usual and sends nothing. Counted in the database,
 *                             so it holds across nodes
 * @param confirmationsPerDay  emails sign-ups may cause one address in any 24 hours: confirmation links, and for a
 *                             subscribed address the reminder of its preferences link. Past it a sign-up is answered
 *                             as usual and sends nothing, so nobody can use Dispatch to flood an inbox. Counted in the
 *                             database, so it holds across nodes
 * @param keepUnconfirmed      how long a sign-up that is never confirmed is kept; then housekeeping deletes it
 * @param linkFailuresPerClient readers' links with an unknown token (confirmation, preferences, unsubscribe) one client
 *                             address may try per {@code linkFailureWindow}; past it, every link it opens is answered
 *                             429 with {@code Retry-After} without being looked up. Counted in memory on each node
 * @param linkFailureWindow    the period that limit counts in; failures age out evenly over it
 * @param keepConsent          how long a reader who unsubscribed is kept, their consent on record (proof of opt-in);
 *                             then housekeeping erases them, consent and all. Erasing a reader erases it at once
 * @param defaultLanguage      the language of a reader who signs up or is imported without one ({@code en},
 *                             {@code de} or {@code fr}): their emails and pages are in it
 * @param signUpOrigins        the newsroom's own sites ({@code https://news.example}) whose pages may sign readers
 *                             up: a form there may post to {@code /subscribe}, and a script there may call
 *                             {@code POST /api/subscriptions} and read {@code GET /api/tags}. Kept as origins, in
 *                             lower case, a default port left out; none by default, so only Dispatch's own pages and
 *                             scripts outside a browser sign readers up
 */
@ConfigurationProperties("dispatch.readers")
public record ReaderSettings(
        @DefaultValue("20") int signUpsPerClient,
        @DefaultValue("5") int signUpsPerAddress,
        @DefaultValue("1h") Duration signUpWindow,
        @DefaultValue("3") int confirmationsPerHour,
        @DefaultValue("5") int confirmationsPerDay,
        @DefaultValue("30d") Duration keepUnconfirmed,
        @DefaultValue("20") int linkFailuresPerClient,
        @DefaultValue("15m") Duration linkFailureWindow,
        @DefaultValue("1095d") Duration keepConsent,
        @DefaultValue("en") Language defaultLanguage,
        @DefaultValue List<String> signUpOrigins) {

    public ReaderSettings {
        if (signUpsPerClient < 1 || signUpsPerAddress < 1 || confirmationsPerHour < 1 || confirmationsPerDay < 1
                || linkFailuresPerClient < 1) {
            throw new IllegalArgumentException("dispatch.readers.sign-ups-per-client, sign-ups-per-address, "
                    + "confirmations-per-hour, confirmations-per-day and link-failures-per-client must be at least 1");
        }
        if (signUpWindow.isNegative() || signUpWindow.isZero() || keepUnconfirmed.isNegative()
                || keepUnconfirmed.isZero() || linkFailureWindow.isNegative() || linkFailureWindow.isZero()
                || keepConsent.isNegative() || keepConsent.isZero()) {
            throw new IllegalArgumentException("dispatch.readers.sign-up-window, keep-unconfirmed, "
                    + "link-failure-window and keep-consent must be positive");
        }
        signUpOrigins = signUpOrigins == null ? List.of()
                : signUpOrigins.stream().filter(origin -> !origin.isBlank()).map(ReaderSettings::origin).toList();
    }

    /** A site's origin as a browser writes it in {@code Origin}, or why the setting does not name one. */
    private static String origin(String written) {
        URI site;
        try {
            site = URI.create(written.strip());
        } catch (IllegalArgumentException unreadable) {
            site = null;
        }
        if (site == null || site.getScheme() == null || site.getHost() == null || site.getRawUserInfo() != null
                || !(site.getRawPath() == null || site.getRawPath().isEmpty() || site.getRawPath().equals("/"))
                || site.getRawQuery() != null || site.getRawFragment() != null) {
            throw new IllegalArgumentException("dispatch.readers.sign-up-origins: '" + written.strip()
                    + "' is not a site's origin; write it as https://news.example (a scheme, a host, a port if not "
                    + "the default, and nothing after it)");
        }
        String scheme = site.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new IllegalArgumentException("dispatch.readers.sign-up-origins: '" + written.strip()
                    + "' is not a web site's origin: it must start with https:// (or http://)");
        }
        int defaultPort = scheme.equals("https") ? 443 : 80;
        return scheme + "://" + site.getHost().toLowerCase(Locale.ROOT)
                + (site.getPort() < 0 || site.getPort() == defaultPort ? "" : ":" + site.getPort());
    }

    /** Whether a browser's {@code Origin} header names one of {@link #signUpOrigins}. */
    public boolean signUpAllowedFrom(String origin) {
        if (origin == null || signUpOrigins.isEmpty()) {
            return false;
        }
        try {
            return signUpOrigins.contains(origin(origin));
        } catch (IllegalArgumentException notAnOrigin) {
            return false;
        }
    }
}
