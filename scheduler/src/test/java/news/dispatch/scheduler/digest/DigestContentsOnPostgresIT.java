package news.dispatch.scheduler.digest;

import news.dispatch.core.testing.OnPostgres;
import org.springframework.test.context.ContextConfiguration;

/** What a digest holds, on a real PostgreSQL: the same statements, the same answers. */
@ContextConfiguration(initializers = OnPostgres.class)
class DigestContentsOnPostgresIT extends DigestContentsIT {
}
