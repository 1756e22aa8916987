package news.dispatch.scheduler.digest;

import news.dispatch.core.testing.OnPostgres;
import org.springframework.test.context.ContextConfiguration;

/** The schedule kept by Quartz in PostgreSQL, through its PostgreSQL delegate. */
@ContextConfiguration(initializers = OnPostgres.class)
class DigestJobOnPostgresIT extends DigestJobIT {
}
