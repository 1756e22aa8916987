package news.dispatch.core.article;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import news.dispatch.core.jdbc.Timestamps;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class JdbcFollowUps implements FollowUps {

    private static final int MOST_HOPS = 50;

    private final JdbcClient jdbc;

    JdbcFollowUps(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void link(long articleId, long earlierId) {
        jdbc.sql("update article set follows = ? where id = ?").params(earlierId, articleId).update();
    }

    @Override
    public Optional<Long> earlier(long articleId) {
        return jdbc.sql("select follows from article where id = ? and follows is not null")
                .param(articleId)
                .query(Long.class)
                .optional();
    }

    @Override
    public List<Long> later(long articleId) {
        List<Long> later = new ArrayList<>();
        Set<Long> seen = new HashSet<>(List.of(articleId));
        List<Long> hop = List.of(articleId);
        // Bounded as a line is read back: an editor cannot make a loop, but a long line should not hold an alert.
        for (int hops = 0; hops < MOST_HOPS && !hop.isEmpty(); hops++) {
            hop = jdbc.sql("select id from article where follows in (:ids) order by id")
                    .param("ids", hop)
                    .query(Long.class)
                    .list().stream().filter(seen::add).toList();
            later.addAll(hop);
        }
        return later;
    }

    @Override
    public Map<Long, Long> earlierOf(Collection<Long> articleIds) {
        Map<Long, Long> earlier = new HashMap<>();
        if (articleIds.isEmpty()) {
            return earlier;
        }
        jdbc.sql("select id, follows from article where id in (:ids) and follows is not null")
                .param("ids", articleIds)
                .query(rs -> {
                    earlier.put(rs.getLong(1), rs.getLong(2));
                });
        return earlier;
    }

    @Override
    public void follow(long subscriberId, long articleId, Instant at) {
        jdbc.sql("""
                        insert into story_follower (subscriber_id, article_id, followed_at) values (?, ?, ?)
                        on conflict do nothing
                        """)
                .params(subscriberId, articleId, Timestamps.utc(at))
                .update();
    }

    @Override
    public List<FollowedStory> followedBy(long subscriberId) {
        return jdbc.sql("""
                        select a.id, a.title, f.followed_at
                          from story_follower f join article a on a.id = f.article_id
                         where f.subscriber_id = ?
                         order by f.followed_at desc, a.id desc
                        """)
                .param(subscriberId)
                .query((rs, row) -> new FollowedStory(rs.getLong(1), rs.getString(2),
                        rs.getObject(3, OffsetDateTime.class).toInstant()))
                .list();
    }

    @Override
    public boolean follows(long subscriberId, long articleId) {
        return jdbc.sql("select 1 from story_follower where subscriber_id = ? and article_id = ?")
                .params(subscriberId, articleId)
                .query(Integer.class)
                .optional()
                .isPresent();
    }
}
