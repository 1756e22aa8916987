package news.dispatch.mailer.subscription;

import java.time.Duration;

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
 * @param keepUnconfirmed      how long a sign-up that is never confirmed is kept; then housekeeping deletes it
 */
@ConfigurationProperties("dispatch.readers")
public record ReaderSettings(
        @DefaultValue("20") int signUpsPerClient,
        @DefaultValue("5") int signUpsPerAddress,
        @DefaultValue("1h") Duration signUpWindow,
        @DefaultValue("3") int confirmationsPerHour,
        @DefaultValue("30d") Duration keepUnconfirmed) {

    public ReaderSettings {
        if (signUpsPerClient < 1 || signUpsPerAddress < 1 || confirmationsPerHour < 1) {
            throw new IllegalArgumentException("dispatch.readers.sign-ups-per-client, sign-ups-per-address and "
                    + "confirmations-per-hour must be at least 1");
        }
        if (signUpWindow.isNegative() || signUpWindow.isZero() || keepUnconfirmed.isNegative()
                || keepUnconfirmed.isZero()) {
            throw new IllegalArgumentException("dispatch.readers.sign-up-window and keep-unconfirmed must be positive");
        }
    }
}
