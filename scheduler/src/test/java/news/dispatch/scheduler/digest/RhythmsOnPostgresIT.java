package news.dispatch.scheduler.digest;

import news.dispatch.core.testing.OnPostgres;
import org.springframework.test.context.ContextConfiguration;

/** Rhythms and pauses on a real PostgreSQL: the rhythm readers' statements and their cursors' ON CONFLICT. */
@ContextConfiguration(initializers = OnPostgres.class)
class RhythmsOnPostgresIT extends RhythmsIT {
}
