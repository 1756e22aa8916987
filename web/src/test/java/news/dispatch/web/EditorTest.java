package news.dispatch.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * The {@link WholeApp} with a clock the tests move (quiet hours end, local days pass) and mail workers that look for
 * work often. Every editor test class shares this context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@WholeApp
@TestPropertySource(properties = {"test.context-name=editors-test", "dispatch.mail.idle-poll=200ms"})
@Import(MovingClock.class)
public @interface EditorTest {

    String EDITOR = "editor";
    String EDITOR_PASSWORD = "editor-secret-for-tests";
}
