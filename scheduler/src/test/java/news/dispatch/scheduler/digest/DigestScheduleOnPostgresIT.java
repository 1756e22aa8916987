package news.dispatch.scheduler.digest;

import news.dispatch.core.testing.OnPostgres;
import org.springframework.test.context.ContextConfiguration;

/** When digests leave, on a real PostgreSQL. */
@ContextConfiguration(initializers = OnPostgres.class)
class DigestScheduleOnPostgresIT extends DigestScheduleIT {
}
