package news.dispatch.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.test.context.TestPropertySource;

/**
 * The {@link WholeApp} as it runs, on the real clock. Every test class that carries it shares one application context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@WholeApp
@TestPropertySource(properties = {"test.context-name=dispatch-test",
        // Every test client is 127.0.0.1: the per-address limit on failed sign-ins must not add them up.
        "dispatch.login.failures-per-client=1000",
        "dispatch.metrics.token=" + DispatchTest.METRICS_TOKEN})
public @interface DispatchTest {

    String ADMIN = "admin";
    String ADMIN_PASSWORD = "admin-secret-for-tests";
    /** What a Prometheus scraper sends to read the meters. */
    String METRICS_TOKEN = "scraper-token-for-tests";
}
