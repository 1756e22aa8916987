package news.dispatch.web.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import news.dispatch.core.testing.MutableClock;
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
    private final LoginThrottle throttle = new LoginThrottle(username -> {
        if (!username.equals("anna") && !username.equals("bob")) {
            throw new UsernameNotFoundException("no such account");
        }
        return User.withUsername(username).password(hash).roles("ADMIN").build();
    }, encoder, new LoginSettings(3, 2, Duration.ofMinutes(15)), clock);

    @Test
    void theRightPasswordSignsIn() {
        Authentication signedIn = throttle.authenticate(attempt("anna", "right-password", "10.0.0.1"));

        assertThat(signedIn.isAuthenticated()).isTrue();
        assertThat(signedIn.getName()).isEqualTo("anna");
    }

    @Test
    void anAccountWithTooManyFailuresIsNotTriedEvenWithTheRightPassword() {
        failTwice("anna", "10.0.0.1");

        assertThatThrownBy(() -> throttle.authenticate(attempt("ANNA", "right-password", "10.0.0.2")))
                .isInstanceOf(LoginThrottled.class)
                .satisfies(e -> assertThat(((LoginThrottled) e).retryAfterSeconds()).isEqualTo(450));
        assertThat(throttle.authenticate(attempt("bob", "right-password", "10.0.0.1")).isAuthenticated()).isTrue();

        clock.advance(Duration.ofMinutes(8));
        assertThat(throttle.authenticate(attempt("anna", "right-password", "10.0.0.1")).isAuthenticated()).isTrue();
    }

    @Test
    void aClientWithTooManyFailuresIsNotTriedWhateverTheAccount() {
        assertThatThrownBy(() -> throttle.authenticate(attempt("carla", "guess", "10.0.0.9")))
                .isInstanceOf(BadCredentialsException.class);
        assertThatThrownBy(() -> throttle.authenticate(attempt("dan", "guess", "10.0.0.9")))
                .isInstanceOf(BadCredentialsException.class);
        assertThatThrownBy(() -> throttle.authenticate(attempt("erin", "guess", "10.0.0.9")))
                .isInstanceOf(BadCredentialsException.class);

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

    private void failTwice(String username, String client) {
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> throttle.authenticate(attempt(username, "wrong", client)))
                    .isInstanceOf(BadCredentialsException.class);
        }
    }

    private static UsernamePasswordAuthenticationToken attempt(String username, String password, String client) {
        UsernamePasswordAuthenticationToken attempt = UsernamePasswordAuthenticationToken.unauthenticated(username,
                password);
        attempt.setDetails(new WebAuthenticationDetails(client, null));
        return attempt;
    }
}
