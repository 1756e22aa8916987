package news.dispatch.web;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import news.dispatch.core.testing.MutableClock;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** The app's clock, handed to the tests to move (links expire, limits refill, days pass); it starts now. */
@TestConfiguration
public class MovingClock {

    @Bean
    @Primary
    MutableClock testClock() {
        return new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }
}
