package news.dispatch.web.reader;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import news.dispatch.core.subscriber.EmailAddress;
import news.dispatch.mailer.subscription.ReaderSettings;
import news.dispatch.web.problem.TooManyRequests;
import news.dispatch.web.ratelimit.RateLimiter;

import org.springframework.stereotype.Component;

/**
 * How often sign-ups may come from one client and for one inbox ({@code dispatch.readers.*}): against robots
 * filling the database, and against anyone using Dispatch to flood someone's inbox.
 */
@Component
class SignUpLimits {

    /** Addresses tracked per limit before idle ones are forgotten: a few MB at most. */
    private static final int MAX_KEYS = 50_000;
    private static final String FOR_INBOX = "Too many sign-ups for this email address. Try again later.";

    private final RateLimiter perClient;
    private final RateLimiter perAddress;

    SignUpLimits(ReaderSettings settings, Clock clock) {
        this.perClient = new RateLimiter(settings.signUpsPerClient(), settings.signUpWindow(), MAX_KEYS, clock);
        this.perAddress = new RateLimiter(settings.signUpsPerAddress(), settings.signUpWindow(), MAX_KEYS, clock);
    }

    /**
     * Counts a sign-up from the client for the address.
     *
     * @throws TooManyRequests when either has had its share
     */
    void check(String client, EmailAddress email) {
        Optional<Duration> wait = perClient.acquire(client);
        if (wait.isPresent()) {
            throw new TooManyRequests("Too many sign-ups from your address. Try again later.", wait.get());
        }
        wait = perAddress.acquire(inbox(email));
        if (wait.isPresent()) {
            throw new TooManyRequests(FOR_INBOX, wait.get());
        }
    }

    /** The key of the readers' words for the limit a sign-up met: the client's, or the inbox's. */
    static String wordsFor(TooManyRequests refusal) {
        return FOR_INBOX.equals(refusal.getMessage()) ? "problem.too-many-sign-ups-for-address"
                : "problem.too-many-sign-ups";
    }

    /**
     * The inbox an address reaches, which the per-address limit counts: providers deliver {@code anna+news@} to
     * {@code anna@}, and Gmail ignores the dots too. Counted by address, twenty sign-ups of {@code anna+1@} to
     * {@code anna+20@} from one client sent her twenty confirmations (QA, 7 December).
     */
    static String inbox(EmailAddress email) {
        String key = email.key();
        int at = key.lastIndexOf('@');
        String local = key.substring(0, at);
        String domain = key.substring(at + 1);
        int plus = local.indexOf('+');
        if (plus > 0) {
            local = local.substring(0, plus);
        }
        if (domain.equals("gmail.com") || domain.equals("googlemail.com")) {
            return local.replace(".", "") + "@gmail.com";
        }
        return local + '@' + domain;
    }
}
