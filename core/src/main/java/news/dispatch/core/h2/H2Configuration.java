package news.dispatch.core.h2;

import javax.sql.DataSource;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(H2Settings.class)
class H2Configuration {

    @Bean
    FileCompaction fileCompaction(DataSource dataSource, H2Settings settings) {
        return new FileCompaction(dataSource, settings.packWhenQuiet());
    }
}
