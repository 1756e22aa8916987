package news.dispatch.web.reader;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import news.dispatch.web.MovingClock;
import news.dispatch.web.WholeApp;

import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * The {@link WholeApp} with a clock the tests move (links expire, sign-up limits refill, sign-ups grow old) and a
 * small per-client limit a test can reach. Every reader test class shares this context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@WholeApp
@TestPropertySource(properties = {"test.context-name=readers-test",
        "dispatch.readers.sign-ups-per-client=" + ReaderTest.SIGN_UPS_PER_CLIENT})
@Import(MovingClock.class)
@interface ReaderTest {

    int SIGN_UPS_PER_CLIENT = 8;
}
