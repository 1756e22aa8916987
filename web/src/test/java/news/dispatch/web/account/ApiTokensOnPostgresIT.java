package news.dispatch.web.account;

import news.dispatch.core.testing.OnPostgres;
import org.springframework.test.context.ContextConfiguration;

/** API tokens on PostgreSQL: made, used, capped and revoked as on H2. */
@ContextConfiguration(initializers = OnPostgres.class)
class ApiTokensOnPostgresIT extends ApiTokensIT {
}
