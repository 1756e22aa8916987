package db.migration;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * As {@code V14}, for the tables since that take rows by the thousand: a reader's consent, one per reader an import
 * adds, and the webhooks' calls and attempts, one per event and endpoint (an import that suspends thousands of readers
 * announces each). With the cache of 32, H2 wrote the consents' sequence down once per 32 readers, a store of every
 * changed page at each: 17% of an import's time (profiled, 40,000 readers of the long header).
 */
public class V41__Identity_caches_on_h2_for_consents_and_calls extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        V14__Identity_caches_on_h2.largeCaches(context, "consent", "webhook_call", "webhook_attempt");
    }
}
