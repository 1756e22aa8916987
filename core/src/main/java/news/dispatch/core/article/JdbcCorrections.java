package news.dispatch.core.article;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

import news.dispatch.core.jdbc.Timestamps;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

@Repository
class JdbcCorrections implements Corrections {

    private static final String COLUMNS =
            "id, article_id, text, retitled_from, retitled_to, created_by, created_at, recipients";

    private final JdbcClient jdbc;

    JdbcCorrections(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Correction add(long articleId, String text, Correction.Retitle retitle, String by, Instant at) {
        String checked = Correction.text(text);
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("""
                        insert into correction (article_id, text, retitled_from, retitled_to, created_by, created_at,
                                                recipients)
                        values (?, ?, ?, ?, ?, ?, 0)
                        """)
                .params(articleId, checked, retitle == null ? null : retitle.from(),
                        retitle == null ? null : retitle.to(), by, Timestamps.utc(at))
                .update(key, "id");
        return new Correction(key.getKey().longValue(), articleId, checked, retitle, by, at, 0);
    }

    @Override
    public Correction countRecipients(Correction correction, int recipients) {
        jdbc.sql("update correction set recipients = ? where id = ?").params(recipients, correction.id()).update();
        return new Correction(correction.id(), correction.articleId(), correction.text(), correction.retitle(),
                correction.createdBy(), correction.createdAt(), recipients);
    }

    @Override
    public List<Correction> of(long articleId) {
        return jdbc.sql("select " + COLUMNS + " from correction where article_id = ? order by id")
                .param(articleId)
                .query(JdbcCorrections::correction)
                .list();
    }

    @Override
    public List<Correction> ofStories(Collection<Long> articleIds) {
        if (articleIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select " + COLUMNS + " from correction where article_id in (:ids) order by id")
                .param("ids", articleIds)
                .query(JdbcCorrections::correction)
                .list();
    }

    @Override
    public List<Correction> findAll(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select " + COLUMNS + " from correction where id in (:ids) order by id")
                .param("ids", ids)
                .query(JdbcCorrections::correction)
                .list();
    }

    private static Correction correction(ResultSet rs, int row) throws SQLException {
        String from = rs.getString("retitled_from");
        return new Correction(rs.getLong("id"), rs.getLong("article_id"), rs.getString("text"),
                from == null ? null : new Correction.Retitle(from, rs.getString("retitled_to")),
                rs.getString("created_by"), Timestamps.read(rs, "created_at"), rs.getInt("recipients"));
    }
}
