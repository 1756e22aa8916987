package news.dispatch.web.reader;

import news.dispatch.core.testing.OnPostgres;
import org.springframework.test.context.ContextConfiguration;

/** Sign-ups, their limits and the confirmation email, with the app on PostgreSQL. */
@ContextConfiguration(initializers = OnPostgres.class)
class SignUpOnPostgresIT extends SignUpIT {
}
