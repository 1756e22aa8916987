package news.dispatch.core.h2;

import javax.sql.DataSource;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class H2Configuration {

    @Bean
    FileCompaction fileCompaction(DataSource dataSource) {
        return new FileCompaction(dataSource);
    }
}
