package news.dispatch.web.security;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

import news.dispatch.web.account.Accounts;
import news.dispatch.web.account.LoginThrottled;
import news.dispatch.web.ratelimit.RateLimiter;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * Checks passwords (as Spring's {@link DaoAuthenticationProvider} does) unless this client had too many failures
 * lately, for any account or for this one, or has been failing while the account is under attack
 * ({@code dispatch.login.*}); then the password is not even looked at. A client that has not been failing always has
 * its password checked, so an attacker elsewhere cannot lock the real user out. Serves the login form and HTTP Basic
 * alike, as the application's one {@link AuthenticationProvider}; a throttled attempt fails with
 * {@link LoginThrottled}, which the login page and the API answer with 429.
 */
@Component
@EnableConfigurationProperties(LoginSettings.class)
class LoginThrottle implements AuthenticationProvider {

    private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);

    /** Addresses and account names tracked per limit before idle ones are forgotten. */
    private static final int MAX_KEYS = 50_000;

    private final DaoAuthenticationProvider passwords;
    private final RateLimiter perClient;
    private final RateLimiter perClientAccount;
    private final RateLimiter perAccount;

    /**
     * Takes the accounts as they are, not as a {@link UserDetailsService} bean, which Spring Security would otherwise
     * offer to a login of its own beside this one (and warn at every start that it does not).
     */
    @Autowired
    LoginThrottle(Accounts accounts, PasswordEncoder encoder, LoginSettings settings, Clock clock) {
        this((UserDetailsService) accounts::loadUserByUsername, encoder, settings, clock);
    }

    LoginThrottle(UserDetailsService accounts, PasswordEncoder encoder, LoginSettings settings, Clock clock) {
        this.passwords = new DaoAuthenticationProvider(accounts);
        this.passwords.setPasswordEncoder(encoder);
        this.perClient = new RateLimiter(settings.failuresPerClient(), settings.window(), MAX_KEYS, clock);
        this.perClientAccount = new RateLimiter(settings.failuresPerClientAccount(), settings.window(), MAX_KEYS,
                clock);
        this.perAccount = new RateLimiter(settings.failuresPerAccount(), settings.window(), MAX_KEYS, clock);
    }

    @Override
    public Authentication authenticate(Authentication attempt) throws AuthenticationException {
        String client = attempt.getDetails() instanceof WebAuthenticationDetails details
                ? details.getRemoteAddress() : "unknown";
        String account = accountKey(attempt.getName());
        String clientAccount = client + " " + account;
        Optional<Duration> wait = longest(perClient.waitFor(client), perClientAccount.waitFor(clientAccount));
        if (wait.isEmpty() && perClient.isUsed(client)) {
            // Only a client with failures of its own is slowed by the account's: the real user, elsewhere, is not.
            wait = perAccount.waitFor(account);
        }
        if (wait.isPresent()) {
            throw new LoginThrottled(wait.get());
        }
        try {
            return passwords.authenticate(attempt);
        } catch (BadCredentialsException failed) {
            boolean accountWasLimited = perAccount.waitFor(account).isPresent();
            perClient.acquire(client);
            perClientAccount.acquire(clientAccount);
            perAccount.acquire(account);
            // One line as a client reaches a limit, for the operator and for tools such as fail2ban; never the name
            // typed, which is sometimes a password typed in the wrong field.
            longest(perClient.waitFor(client), perClientAccount.waitFor(clientAccount)).ifPresent(pause ->
                    log.warn("Sign-ins from {} refused for {} s after repeated wrong passwords", client,
                            pause.toSeconds() + 1));
            if (!accountWasLimited) {
                perAccount.waitFor(account).ifPresent(pause -> log.warn("An account has had too many wrong "
                        + "passwords, the last from {}: clients that have failed are refused its sign-in for {} s",
                        client, pause.toSeconds() + 1));
            }
            throw failed;
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    /** The name as accounts are told apart, cut to the longest an account has, so a huge one costs no memory. */
    private static String accountKey(String username) {
        String folded = Accounts.fold(Objects.toString(username, ""));
        return folded.length() > Accounts.MAX_USERNAME ? folded.substring(0, Accounts.MAX_USERNAME) : folded;
    }

    private static Optional<Duration> longest(Optional<Duration> a, Optional<Duration> b) {
        if (a.isEmpty()) {
            return b;
        }
        return b.isPresent() && b.get().compareTo(a.get()) > 0 ? b : a;
    }
}
