package news.dispatch.core.subscriber;

import java.time.Instant;
import java.util.Optional;

import news.dispatch.core.jdbc.Timestamps;
import news.dispatch.core.link.LinkTokens;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

@Repository
class JdbcConfirmations implements Confirmations {

    private final JdbcClient jdbc;

    JdbcConfirmations(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    @Transactional
    public String issue(Subscriber reader, Instant now, Instant expiresAt) {
        // A second sign-up changes what the reader would confirm; the links mailed before it stood for the choices
        // of the first and must not confirm the second's. Spent, not deleted: the hourly and daily caps count them.
        jdbc.sql("update confirmation set used_at = ? where subscriber_id = ? and used_at is null")
                .params(Timestamps.utc(now), reader.id())
                .update();
        String token = LinkTokens.random();
        jdbc.sql("""
                        insert into confirmation (token_hash, subscriber_id, created_at, expires_at)
                        values (?, ?, ?, ?)
                        """)
                .params(LinkTokens.hash(token), reader.id(), Timestamps.utc(now), Timestamps.utc(expiresAt))
                .update();
        return token;
    }

    @Override
    public int issuedSince(Subscriber reader, Instant since) {
        return jdbc.sql("select count(*) from confirmation where subscriber_id = ? and created_at >= ?")
                .params(reader.id(), Timestamps.utc(since))
                .query(Integer.class)
                .single();
    }

    @Override
    public Optional<Confirmation> find(String token, Instant now) {
        if (!LinkTokens.wellFormed(token)) {
            return Optional.empty();
        }
        // A link of the present sign-up: no link made since it (itself included) confirmed a sign-up before the
        // reader's newest link was made. A link a newer one replaced was spent the instant that one was made; one
        // used to confirm, at another instant.
        return jdbc.sql("""
                        select c.subscriber_id, c.used_at is not null,
                               not exists (select 1 from confirmation r
                                            where r.subscriber_id = c.subscriber_id and r.created_at >= c.created_at
                                              and r.used_at < (select max(n.created_at) from confirmation n
                                                                where n.subscriber_id = c.subscriber_id)
                                              and not exists (select 1 from confirmation i
                                                               where i.subscriber_id = c.subscriber_id
                                                                 and i.created_at = r.used_at
                                                                 and i.token_hash <> r.token_hash))
                          from confirmation c
                         where c.token_hash = ? and c.expires_at > ?
                        """)
                .params(LinkTokens.hash(token), Timestamps.utc(now))
                .query((rs, row) -> new Confirmation(rs.getLong(1), rs.getBoolean(2), rs.getBoolean(3)))
                .optional();
    }

    @Override
    @Transactional
    public Optional<Confirmation> redeem(String token, Instant now) {
        // The conditional update decides who uses the link: a racing second call waits for the row's lock and then
        // finds it used.
        boolean first = LinkTokens.wellFormed(token) && jdbc.sql("""
                        update confirmation set used_at = ?
                         where token_hash = ? and expires_at > ? and used_at is null
                        """)
                .params(Timestamps.utc(now), LinkTokens.hash(token), Timestamps.utc(now))
                .update() == 1;
        Optional<Confirmation> found = find(token, now);
        if (!first) {
            return found;
        }
        found.ifPresent(used -> jdbc.sql(
                        "update confirmation set used_at = ? where subscriber_id = ? and used_at is null")
                .params(Timestamps.utc(now), used.subscriberId())
                .update());
        return found.map(used -> new Confirmation(used.subscriberId(), false, used.present()));
    }

    @Override
    public int deleteExpired(Instant now) {
        return jdbc.sql("delete from confirmation where expires_at <= ?").param(Timestamps.utc(now)).update();
    }
}
