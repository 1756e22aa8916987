package news.dispatch.web.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import news.dispatch.core.testing.MutableClock;
import news.dispatch.web.account.Accounts;
import news.dispatch.web.account.LoginThrottled;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

class LoginThrottleTest {

    /** The weakest bcrypt there is: the throttle is under test here, not the hash. */
    private final PasswordEncoder encoder = new BCryptPasswordEncoder(4);
    private final String hash = encoder.encode("right-password");
    private final MutableClock clock = new MutableClock(Instant.parse("2025-11-29T12:00:00Z"));
    /** Per client 3, per client and account 2, per account from anywhere 4 (one every 225 s past it). */
    private final LoginThrottle throttle = new LoginThrottle(username -> {
        String account = Accounts.fold(username);
        if (!account.equals("anna") && !account.equals("bob")) {
            throw new UsernameNotFoundException("no such account");
        }
        return User.withUsername(account).password(hash).roles("ADMIN").build();
    }, encoder, new LoginSettings(3, 2, 4, Duration.ofMinutes(15)), clock);

    @Test
    void theRightPasswordSignsIn() {
        Authentication signedIn = throttle.authenticate(attempt("anna", "right-password", "10.0.0.1"));

        assertThat(signedIn.isAuthenticated()).isTrue();
        assertThat(signedIn.getName()).isEqualTo("anna");
    }

    @Test
    void failuresUnderAnySpellingOfANameCountForOneAccountFromThatClient() {
        fail("anna", "10.0.0.1");
        fail(" ANNA ", "10.0.0.1");

        assertThatThrownBy(() -> throttle.authenticate(attempt("Anna", "right-password", "10.0.0.1")))
                .isInstanceOf(LoginThrottled.class)
                .satisfies(e -> assertThat(((LoginThrottled) e).retryAfterSeconds()).isEqualTo(450));
        assertThat(throttle.authenticate(attempt("bob", "right-password", "10.0.0.1")).isAuthenticated())
                .as("another account from the same client").isTrue();

        clock.advance(Duration.ofMinutes(8));
        assertThat(throttle.authenticate(attempt("anna", "right-password", "10.0.0.1")).isAuthenticated()).isTrue();
    }

    @Test
    void aClientThatHasNotBeenFailingSignsInHoweverOftenOthersFailed() {
        fail("anna", "10.0.0.1");
        fail(" ANNA ", "10.0.0.2");
        fail("Anna", "10.0.0.3");
        fail("anna", "10.0.0.4");
        assertThatThrownBy(() -> throttle.authenticate(attempt("anna", "right-password", "10.0.0.1")))
                .as("an attacker, failing, is slowed").isInstanceOf(LoginThrottled.class);

        assertThat(throttle.authenticate(attempt("anna", "right-password", "10.0.0.9")).isAuthenticated()).isTrue();
        assertThat(throttle.authenticate(attempt("ANNA", "right-password", "10.0.0.8")).isAuthenticated()).isTrue();
    }

    @Test
    void aFailingClientIsOnlySlowedWhileTheAccountIsUnderAttack() {
        for (String attacker : new String[] {"10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4"}) {
            fail("anna", attacker);
        }
        fail("bob", "10.0.0.7");

        assertThatThrownBy(() -> throttle.authenticate(attempt("anna", "right-password", "10.0.0.7")))
                .isInstanceOf(LoginThrottled.class)
                .satisfies(e -> assertThat(((LoginThrottled) e).retryAfterSeconds()).isEqualTo(225));

        clock.advance(Duration.ofSeconds(225));
        assertThat(throttle.authenticate(attempt("anna", "right-password", "10.0.0.7")).isAuthenticated()).isTrue();
    }

    @Test
    void aClientWithTooManyFailuresIsNotTriedWhateverTheAccount() {
        fail("carla", "10.0.0.9");
        fail("dan", "10.0.0.9");
        fail("erin", "10.0.0.9");

        assertThatThrownBy(() -> throttle.authenticate(attempt("bob", "right-password", "10.0.0.9")))
                .isInstanceOf(LoginThrottled.class)
                .satisfies(e -> assertThat(((LoginThrottled) e).inWords()).isEqualTo("5 minutes"));
        assertThat(throttle.authenticate(attempt("bob", "right-password", "10.0.0.1")).isAuthenticated()).isTrue();
    }

    @Test
    void successesCountForNothing() {
        for (int i = 0; i < 10; i++) {
            throttle.authenticate(attempt("anna", "right-password", "10.0.0.1"));
        }

        assertThat(throttle.authenticate(attempt("anna", "right-password", "10.0.0.1")).isAuthenticated()).isTrue();
    }

    private void fail(String username, String client) {
        assertThatThrownBy(() -> throttle.authenticate(attempt(username, "wrong", client)))
                .isInstanceOf(BadCredentialsException.class);
    }

    private static UsernamePasswordAuthenticationToken attempt(String username, String password, String client) {
        UsernamePasswordAuthenticationToken attempt = UsernamePasswordAuthenticationToken.unauthenticated(username,
                password);
        attempt.setDetails(new WebAuthenticationDetails(client, null));
        return attempt;
    }
}
