package news.dispatch.web.account;

import news.dispatch.core.testing.OnPostgres;
import org.springframework.test.context.ContextConfiguration;

/** The Users page on PostgreSQL: folded names, disabling, removal and the last admin's guard as on H2. */
@ContextConfiguration(initializers = OnPostgres.class)
class UserPagesOnPostgresIT extends UserPagesIT {
}
