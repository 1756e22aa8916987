package news.dispatch.web.account;

import java.time.Duration;

import org.springframework.security.core.AuthenticationException;

/** A sign-in was not even tried: too many failed lately from this address or for this account. */
public class LoginThrottled extends AuthenticationException {

    private final Duration retryAfter;

    public LoginThrottled(Duration retryAfter) {
        super("Too many failed sign-ins");
        this.retryAfter = retryAfter;
    }

    /** Whole seconds, rounded up, at least one: as the {@code Retry-After} header gives it. */
    public long retryAfterSeconds() {
        return Math.max(1, retryAfter.getSeconds() + (retryAfter.getNano() > 0 ? 1 : 0));
    }

    /** The wait in words, for the login page. */
    public String inWords() {
        long minutes = (retryAfterSeconds() + 59) / 60;
        return minutes <= 1 ? "a minute" : minutes + " minutes";
    }
}
