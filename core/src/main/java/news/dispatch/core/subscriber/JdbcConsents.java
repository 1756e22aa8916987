package news.dispatch.core.subscriber;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import news.dispatch.core.jdbc.Timestamps;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class JdbcConsents implements Consents {

    private final JdbcClient jdbc;

    JdbcConsents(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void record(long subscriberId, Consent consent) {
        jdbc.sql("""
                        insert into consent (subscriber_id, given_at, source, text, client_hash, imported_by)
                        values (?, ?, ?, ?, ?, ?)
                        """)
                .params(subscriberId, Timestamps.utc(consent.at()), consent.source().name(), consent.text(),
                        consent.clientHash(), consent.importedBy())
                .update();
    }

    @Override
    public Optional<Consent> latest(long subscriberId) {
        return jdbc.sql("""
                        select given_at, source, text, client_hash, imported_by from consent
                         where subscriber_id = ? order by given_at desc, id desc limit 1
                        """)
                .param(subscriberId)
                .query((rs, row) -> consent(rs))
                .optional();
    }

    @Override
    public Map<Long, Consent> latest(Collection<Long> subscriberIds) {
        Map<Long, Consent> latest = new HashMap<>();
        if (subscriberIds.isEmpty()) {
            return latest;
        }
        jdbc.sql("""
                        select subscriber_id, given_at, source, text, client_hash, imported_by from consent
                         where subscriber_id in (:readers) order by subscriber_id, given_at desc, id desc
                        """)
                .param("readers", subscriberIds)
                .query((ResultSet rs) -> {
                    latest.putIfAbsent(rs.getLong("subscriber_id"), consent(rs));
                });
        return latest;
    }

    private static Consent consent(ResultSet rs) throws SQLException {
        return new Consent(Timestamps.read(rs, "given_at"), Consent.Source.valueOf(rs.getString("source")),
                rs.getString("text"), rs.getString("client_hash"), rs.getString("imported_by"));
    }
}
