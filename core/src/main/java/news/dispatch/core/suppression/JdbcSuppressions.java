package news.dispatch.core.suppression;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import news.dispatch.core.jdbc.Timestamps;
import news.dispatch.core.paging.Page;
import news.dispatch.core.paging.PageRequest;
import news.dispatch.core.subscriber.EmailAddress;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class JdbcSuppressions implements Suppressions {

    private static final String COLUMNS = "select email, reason, detail, created_at from suppression";
    private static final int KEYS_PER_QUERY = 1000;

    private final JdbcClient jdbc;
    private final Clock clock;

    JdbcSuppressions(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Two nodes suppressing one address at once: the primary key keeps the first, the other adds nothing. */
    @Override
    public boolean add(EmailAddress email, SuppressionReason reason, String detail) {
        return jdbc.sql("""
                        insert into suppression (email_key, email, reason, detail, created_at)
                        values (:key, :email, :reason, :detail, :now)
                        on conflict do nothing
                        """)
                .param("key", email.key())
                .param("email", email.value())
                .param("reason", reason.name())
                .param("detail", detail == null || detail.length() <= 1000 ? detail : detail.substring(0, 997) + "...")
                .param("now", Timestamps.utc(Timestamps.now(clock)))
                .update() == 1;
    }

    @Override
    public boolean lift(EmailAddress email) {
        return jdbc.sql("delete from suppression where email_key = ?").param(email.key()).update() == 1;
    }

    @Override
    public Optional<Suppression> find(EmailAddress email) {
        return jdbc.sql(COLUMNS + " where email_key = ?").param(email.key()).query(JdbcSuppressions::suppression)
                .optional();
    }

    /** A thousand addresses a query: an import's whole file would pass the drivers' limit on parameters. */
    @Override
    public Set<String> suppressedAmong(Collection<String> addresses) {
        List<String> keys = addresses.stream().map(address -> address.toLowerCase(Locale.ROOT)).distinct().toList();
        Set<String> suppressed = new HashSet<>();
        for (int from = 0; from < keys.size(); from += KEYS_PER_QUERY) {
            suppressed.addAll(jdbc.sql("select email_key from suppression where email_key in (:keys)")
                    .param("keys", keys.subList(from, Math.min(from + KEYS_PER_QUERY, keys.size())))
                    .query(String.class)
                    .list());
        }
        return suppressed;
    }

    @Override
    public Page<Suppression> list(String search, PageRequest page) {
        boolean filtered = search != null && !search.isBlank();
        String where = filtered ? " where email_key like :pattern escape '\\'" : "";
        String pattern = filtered ? "%" + search.strip().toLowerCase(Locale.ROOT)
                .replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%" : null;
        JdbcClient.StatementSpec items = jdbc.sql(COLUMNS + where
                + " order by created_at desc, email_key limit :limit offset :offset");
        JdbcClient.StatementSpec total = jdbc.sql("select count(*) from suppression" + where);
        if (filtered) {
            items = items.param("pattern", pattern);
            total = total.param("pattern", pattern);
        }
        return Page.of(items.param("limit", page.size()).param("offset", page.offset())
                        .query(JdbcSuppressions::suppression).list(), page,
                total.query(Long.class).single());
    }

    @Override
    public Map<SuppressionReason, Long> countByReason() {
        Map<SuppressionReason, Long> counts = new EnumMap<>(SuppressionReason.class);
        jdbc.sql("select reason, count(*) from suppression group by reason")
                .query((rs, row) -> counts.put(SuppressionReason.valueOf(rs.getString(1)), rs.getLong(2)))
                .list();
        return counts;
    }

    private static Suppression suppression(ResultSet rs, int row) throws SQLException {
        return new Suppression(rs.getString("email"), SuppressionReason.valueOf(rs.getString("reason")),
                rs.getString("detail"), Timestamps.read(rs, "created_at"));
    }
}
