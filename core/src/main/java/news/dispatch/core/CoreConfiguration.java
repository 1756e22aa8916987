package news.dispatch.core;

import java.time.Clock;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What the domain needs from its surroundings. Tests replace the clock with one they move. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SiteSettings.class)
public class CoreConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
