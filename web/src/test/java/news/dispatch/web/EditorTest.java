package news.dispatch.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import news.dispatch.core.testing.MutableClock;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

/**
 * The whole app as {@link DispatchTest} runs it, with a clock the tests move (quiet hours end, local days pass), its
 * own database and Quartz scheduler name, so its mail workers and jobs never meet those of other contexts. Every
 * editor test class shares this context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(classes = DispatchApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.datasource.url=jdbc:h2:mem:editors-test;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                        + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
                "spring.quartz.scheduler-name=editors-test",
                "dispatch.demo=false",
                "dispatch.base-url=https://dispatch.example",
                "dispatch.mail.idle-poll=200ms",
                "dispatch.admin.username=" + DispatchTest.ADMIN,
                "dispatch.admin.password=" + DispatchTest.ADMIN_PASSWORD})
@Import(EditorTest.Time.class)
public @interface EditorTest {

    String EDITOR = "editor";
    String EDITOR_PASSWORD = "editor-secret-for-tests";

    @TestConfiguration
    class Time {

        @Bean
        @Primary
        MutableClock testClock() {
            return new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        }
    }
}
