package news.dispatch.scheduler.digest;

import news.dispatch.core.testing.OnPostgres;
import org.springframework.test.context.ContextConfiguration;

/** Overlapping runs on a real PostgreSQL, where row locks and ON CONFLICT work as in production. */
@ContextConfiguration(initializers = OnPostgres.class)
class OverlappingRunsOnPostgresIT extends OverlappingRunsIT {
}
