package news.dispatch.core.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Empties the named tables before each test of a Spring test class, children before parents, so each test starts
 * from the rows its own setup writes. Name the tables the tests write; rows that hang off them by a cascading
 * foreign key (tags, confirmations, digests, feed entries) go with them.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ExtendWith(DatabaseReset.class)
public @interface ResetsDatabase {

    /** The tables to empty, in any order: {@link DatabaseReset} knows which must go first. */
    String[] value();
}
