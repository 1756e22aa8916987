package news.dispatch.scheduler;

import news.dispatch.core.testing.MutableClock;
import java.time.Instant;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/** Every test context of this module tells the time by a clock the tests move. */
@Configuration(proxyBeanMethods = false)
class TestClockConfiguration {

    @Bean
    @Primary
    MutableClock testClock() {
        return new MutableClock(Instant.parse("2025-11-27T12:00:00Z"));
    }
}
