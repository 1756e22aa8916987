package news.dispatch.scheduler.digest;

import news.dispatch.core.testing.OnPostgres;
import org.springframework.test.context.ContextConfiguration;

/** Shared runs on a real PostgreSQL, where slices are locked and skipped as in production. */
@ContextConfiguration(initializers = OnPostgres.class)
class SharedRunsOnPostgresIT extends SharedRunsIT {
}
