package news.dispatch.core;

import java.time.Clock;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.resilience.annotation.EnableResilientMethods;

/**
 * What the domain needs from its surroundings. Tests replace the clock with one they move. Resilient methods, for
 * the transactions {@link news.dispatch.core.jdbc.TriedAgainWhenBusy tried again when the database is busy}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SiteSettings.class)
@EnableResilientMethods
public class CoreConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
