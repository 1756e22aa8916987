package news.dispatch.web.reader;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import news.dispatch.core.testing.MutableClock;
import news.dispatch.web.DispatchApplication;
import news.dispatch.web.DispatchTest;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

/**
 * The whole app as {@link DispatchTest} runs it, with a clock the tests move (links expire, sign-up limits refill,
 * sign-ups grow old) and a small per-client limit a test can reach. Its own database and Quartz scheduler name, so
 * its mail workers and jobs never meet those of the shared context. Every reader test class shares this context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(classes = DispatchApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.datasource.url=jdbc:h2:mem:readers-test;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                        + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
                "spring.quartz.scheduler-name=readers-test",
                "dispatch.demo=false",
                "dispatch.base-url=https://dispatch.example",
                "dispatch.admin.username=" + DispatchTest.ADMIN,
                "dispatch.admin.password=" + DispatchTest.ADMIN_PASSWORD,
                "dispatch.readers.sign-ups-per-client=" + ReaderTest.SIGN_UPS_PER_CLIENT})
@Import(ReaderTest.Time.class)
@interface ReaderTest {

    int SIGN_UPS_PER_CLIENT = 8;

    @TestConfiguration
    class Time {

        @Bean
        @Primary
        MutableClock testClock() {
            return new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        }
    }
}
