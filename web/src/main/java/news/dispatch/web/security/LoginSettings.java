package news.dispatch.web.security;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits on failed sign-ins, on the login form and with HTTP Basic alike: against guessing passwords. Counted in
 * memory on each node.
 *
 * @param failuresPerClient  failed sign-ins one client address may make per {@code window}; past it, every sign-in
 *                           from that address is answered 429 until a failure has aged out
 * @param failuresPerAccount failed sign-ins for one account name per {@code window}, from any address
 * @param window             the period both limits count in; failures age out evenly over it
 */
@ConfigurationProperties("dispatch.login")
public record LoginSettings(
        @DefaultValue("20") int failuresPerClient,
        @DefaultValue("10") int failuresPerAccount,
        @DefaultValue("15m") Duration window) {

    public LoginSettings {
        if (failuresPerClient < 1 || failuresPerAccount < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("dispatch.login.failures-per-client and failures-per-account must be "
                    + "at least 1, and dispatch.login.window positive");
        }
    }
}
