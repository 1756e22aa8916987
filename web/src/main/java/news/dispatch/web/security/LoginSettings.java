package news.dispatch.web.security;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits on failed sign-ins, on the login form and with HTTP Basic alike: against guessing passwords. Counted in
 * memory on each node, by client address and by account name in its folded form ("Admin", " ADMIN " and "admin" are
 * one). No limit can keep the real user out: a client that has not been failing is never held back by what other
 * clients did.
 *
 * @param failuresPerClient        failed sign-ins one client address may make per {@code window}, whatever the
 *                                 accounts; past it, every sign-in from that address is answered 429 until a failure
 *                                 has aged out
 * @param failuresPerClientAccount failed sign-ins one client address may make for one account per {@code window};
 *                                 past it, that address's sign-ins for that account are answered 429
 * @param failuresPerAccount       failed sign-ins for one account per {@code window}, from anywhere; past it, the
 *                                 account is under attack and clients with failures of their own not yet aged out get
 *                                 one try for it per {@code window / failuresPerAccount} between them (a 429 says how
 *                                 long to wait). Clients without such failures are not slowed at all, so the account is
 *                                 never locked
 * @param window                   the period every limit counts in; failures age out evenly over it
 */
@ConfigurationProperties("dispatch.login")
public record LoginSettings(
        @DefaultValue("20") int failuresPerClient,
        @DefaultValue("10") int failuresPerClientAccount,
        @DefaultValue("10") int failuresPerAccount,
        @DefaultValue("15m") Duration window) {

    public LoginSettings {
        if (failuresPerClient < 1 || failuresPerClientAccount < 1 || failuresPerAccount < 1 || window.isNegative()
                || window.isZero()) {
            throw new IllegalArgumentException("dispatch.login.failures-per-client, failures-per-client-account and "
                    + "failures-per-account must be at least 1, and dispatch.login.window positive");
        }
    }
}
