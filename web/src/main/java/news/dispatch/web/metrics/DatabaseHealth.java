package news.dispatch.web.metrics;

import javax.sql.DataSource;

import org.springframework.boot.jdbc.health.DataSourceHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Health asks the database a question rather than whether a connection looks alive: an embedded H2 database that
 * closed after a failed write of its file (a full disk) kept connections that said they were valid, so
 * {@code /actuator/health} answered {@code UP} while every request failed (an operator's QA, 7 December 2026).
 */
@Configuration(proxyBeanMethods = false)
class DatabaseHealth {

    /** Named as Spring Boot's own, which it then does not make. */
    @Bean
    DataSourceHealthIndicator dbHealthIndicator(DataSource dataSource) {
        return new DataSourceHealthIndicator(dataSource, "select 1");
    }
}
