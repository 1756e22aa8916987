package news.dispatch.core.erasure;

import javax.sql.DataSource;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ErasureSettings.class)
class ErasureConfiguration {

    @Bean
    Shredder shredder(DataSource dataSource, ErasureSettings settings) {
        return new Shredder(dataSource, settings.shredAfter());
    }
}
