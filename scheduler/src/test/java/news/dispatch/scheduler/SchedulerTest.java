package news.dispatch.scheduler;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * Core, mailer and scheduler over one in-memory database, with the clock in the tests' hand (see
 * {@code application.properties} of the tests). Every test class that carries it shares one context. Batches and
 * slices are tiny so that every test crosses their boundaries, and runs are shared with the slice worker.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(classes = SchedulerTestApplication.class, properties = {"dispatch.digest.batch-size=7",
        "dispatch.digest.slice-size=20", "dispatch.digest.slice-poll=200ms"})
public @interface SchedulerTest {
}
