package news.dispatch.web.subscriber;

import news.dispatch.core.testing.OnPostgres;
import org.springframework.test.context.ContextConfiguration;

/** The admin API on PostgreSQL: search, edit, suspend, erase, import and export as on H2. */
@ContextConfiguration(initializers = OnPostgres.class)
class SubscribersApiOnPostgresIT extends SubscribersApiIT {
}
