package news.dispatch.web.reader;

import news.dispatch.core.testing.OnPostgres;
import org.springframework.test.context.ContextConfiguration;

/** A reader's whole journey, sign-up to one-click unsubscribe, with the app on PostgreSQL. */
@ContextConfiguration(initializers = OnPostgres.class)
class ReaderJourneyOnPostgresIT extends ReaderJourneyIT {
}
