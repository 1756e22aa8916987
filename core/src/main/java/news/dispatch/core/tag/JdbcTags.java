package news.dispatch.core.tag;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import news.dispatch.core.jdbc.Timestamps;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

@Repository
class JdbcTags implements Tags {

    private final JdbcClient jdbc;
    private final Clock clock;

    JdbcTags(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    @Transactional
    public List<Tag> register(Collection<Tag> tags) {
        Map<TagKey, Tag> distinct = new LinkedHashMap<>();
        tags.forEach(tag -> distinct.putIfAbsent(tag.key(), tag));
        if (distinct.isEmpty()) {
            return List.of();
        }
        OffsetDateTime now = Timestamps.utc(clock.instant());
        for (Tag tag : distinct.values()) {
            jdbc.sql("insert into tag (tag_key, label, created_at) values (?, ?, ?) on conflict do nothing")
                    .params(tag.key().value(), tag.label(), now)
                    .update();
        }
        Map<String, String> labels = new LinkedHashMap<>();
        jdbc.sql("select tag_key, label from tag where tag_key in (:keys)")
                .param("keys", distinct.keySet().stream().map(TagKey::value).toList())
                .query((rs, row) -> labels.put(rs.getString(1), rs.getString(2)))
                .list();
        return distinct.keySet().stream().map(key -> new Tag(key, labels.get(key.value()))).toList();
    }

    @Override
    public List<TagUse> inUseSince(Instant since, int limit) {
        return jdbc.sql("""
                        select t.tag_key, t.label, count(*) as articles
                          from article_tag g
                          join article a on a.id = g.article_id
                          join tag t on t.tag_key = g.tag_key
                         where a.published_at >= :since
                         group by t.tag_key, t.label
                         order by articles desc, t.tag_key
                         limit :limit
                        """)
                .param("since", Timestamps.utc(since))
                .param("limit", limit)
                .query((rs, row) -> new TagUse(new Tag(new TagKey(rs.getString(1)), rs.getString(2)), rs.getLong(3)))
                .list();
    }
}
