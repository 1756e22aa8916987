package news.dispatch.core.testing;

import java.util.Arrays;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * Empties the tables a {@link ResetsDatabase} test class names, through the data source of the test's Spring
 * context, before each test (and so before its {@code @BeforeEach} methods write their own rows).
 */
public final class DatabaseReset implements BeforeEachCallback {

    /**
     * Every table a test may empty, children before the parents they point at: a delivery keeps its subscriber's id
     * (set to null, not cascaded), so deliveries go before subscribers, and so does the mail that came back about
     * both; the rest cascade from their parents.
     */
    private static final List<String> IN_FOREIGN_KEY_ORDER = List.of("webhook", "returned_mail", "suppression", "delivery",
            "digest_cursor", "digest_run", "api_token", "feed", "subscriber", "article", "dkim_key");

    @Override
    public void beforeEach(ExtensionContext context) {
        // A @Nested class's tests reset what the class around it names.
        Class<?> test = context.getRequiredTestClass();
        while (!AnnotationSupport.isAnnotated(test, ResetsDatabase.class) && test.getEnclosingClass() != null) {
            test = test.getEnclosingClass();
        }
        ResetsDatabase reset = AnnotationSupport.findAnnotation(test, ResetsDatabase.class).orElseThrow();
        List<String> tables = Arrays.asList(reset.value());
        tables.stream().filter(table -> !IN_FOREIGN_KEY_ORDER.contains(table)).findAny().ifPresent(table -> {
            throw new IllegalArgumentException("No place in the foreign-key order for table " + table);
        });
        JdbcClient jdbc = JdbcClient.create(SpringExtension.getApplicationContext(context).getBean(DataSource.class));
        IN_FOREIGN_KEY_ORDER.stream().filter(tables::contains).forEach(table -> empty(jdbc, table));
        // How far digest runs reached holds back stories released before it: each test's clock starts afresh.
        empty(jdbc, "digest_horizon");
    }

    /**
     * Deletes the table's rows. The app's workers may be at the same rows (a webhook call claimed as its webhook is
     * deleted): PostgreSQL then ends one of the two as a deadlock, and the delete is simply made again.
     */
    private static void empty(JdbcClient jdbc, String table) {
        for (int attempt = 1; ; attempt++) {
            try {
                jdbc.sql("delete from " + table).update();
                return;
            } catch (PessimisticLockingFailureException deadlock) {
                if (attempt == 3) {
                    throw deadlock;
                }
            }
        }
    }
}
