package news.dispatch.scheduler.digest;

import news.dispatch.core.testing.OnPostgres;
import org.springframework.test.context.ContextConfiguration;

/**
 * How a run writes its batches, on a real PostgreSQL, which waits for an alert's gate as long as the alert holds it
 * where H2 gives up after its lock timeout.
 */
@ContextConfiguration(initializers = OnPostgres.class)
class RunBatchesOnPostgresIT extends RunBatchesIT {
}
