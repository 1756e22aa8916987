package news.dispatch.core;

import java.time.Clock;

import news.dispatch.core.subscriber.Language;

import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
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

    /** A language setting read as the API reads one, so that a mistake names the languages there are. */
    @Bean
    @ConfigurationPropertiesBinding
    static Converter<String, Language> languageSetting() {
        return written -> {
            try {
                return Language.of(written);
            } catch (InvalidInput unknown) {
                throw new IllegalArgumentException("'" + written + "': " + unknown.getMessage());
            }
        };
    }
}
