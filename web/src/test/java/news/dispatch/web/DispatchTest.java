package news.dispatch.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * The whole app on a random port over a private in-memory database, without demo content, with a known admin.
 * Every test class that carries it shares one application context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(classes = DispatchApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.datasource.url=jdbc:h2:mem:dispatch-test;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                        + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
                "spring.quartz.scheduler-name=dispatch-test",
                "dispatch.demo=false",
                "dispatch.base-url=https://dispatch.example",
                "dispatch.admin.username=" + DispatchTest.ADMIN,
                "dispatch.admin.password=" + DispatchTest.ADMIN_PASSWORD,
                // Every test client is 127.0.0.1: the per-address limit on failed sign-ins must not add them up.
                "dispatch.login.failures-per-client=1000"})
public @interface DispatchTest {

    String ADMIN = "admin";
    String ADMIN_PASSWORD = "admin-secret-for-tests";
}
