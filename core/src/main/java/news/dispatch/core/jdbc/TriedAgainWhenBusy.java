package news.dispatch.core.jdbc;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.dao.TransientDataAccessException;
import org.springframework.resilience.annotation.Retryable;

/**
 * A transaction the database may refuse for a moment, made again when it does: chosen as a deadlock's victim (two
 * imports, a reader's edit and an import locking the same tags in another order), a lock not granted in time. Each
 * try is a transaction of its own, as the retry is applied around the transaction, where the method begins one.
 * Called inside another transaction (a mailto unsubscribe, read in the bounce job's), a refusal marks that one
 * rollback-only as before, and it fails at its end whatever the tries do: they cost time, not data. A reader's
 * one-click unsubscribe is not posted again by the mailbox provider that sent it: it has to succeed the first time it
 * reaches us.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Retryable(includes = TransientDataAccessException.class, maxRetries = TriedAgain.RETRIES,
        delay = TriedAgain.DELAY_MILLIS, multiplier = TriedAgain.MULTIPLIER, jitter = TriedAgain.JITTER_MILLIS,
        maxDelay = TriedAgain.MAX_DELAY_MILLIS)
public @interface TriedAgainWhenBusy {
}
