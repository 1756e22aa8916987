package news.dispatch.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * The whole app on a random port over a private in-memory H2 database, without demo content, with a known admin: the
 * one context setup every test-context annotation of the web module builds on ({@link DispatchTest},
 * {@link EditorTest} and the like). The annotation that carries it names its context in {@code test.context-name}
 * (through a {@code @TestPropertySource}): the database and the Quartz scheduler are named after it, because Quartz
 * keeps its schedulers in a JVM-wide registry by name, and two contexts under one name would cross their mail workers
 * and jobs. Every test class under one such annotation shares one context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(classes = DispatchApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.datasource.url=jdbc:h2:mem:${test.context-name};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                        + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
                "spring.quartz.scheduler-name=${test.context-name}",
                "dispatch.demo=false",
                "dispatch.base-url=https://dispatch.example",
                "dispatch.admin.username=" + DispatchTest.ADMIN,
                "dispatch.admin.password=" + DispatchTest.ADMIN_PASSWORD})
public @interface WholeApp {
}
