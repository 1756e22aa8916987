package news.dispatch.core.subscriber;

import java.util.List;

import news.dispatch.core.link.LinkPurpose;
import news.dispatch.core.link.LinkTokens;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Makes the earlier unsubscribe links V45 left owed: readers who signed up again before it kept no hash of the links
 * their older emails carry, and only a node knows the secret those were made with. Once they are made, a start finds
 * none owed. Nodes starting together make the same hashes.
 */
@Component
class OwedEarlierLinks implements SmartInitializingSingleton {

    private final JdbcClient jdbc;
    private final LinkTokens links;

    OwedEarlierLinks(JdbcClient jdbc, LinkTokens links) {
        this.jdbc = jdbc;
        this.links = links;
    }

    @Override
    public void afterSingletonsInstantiated() {
        record Owed(long subscriberId, int generation) {
        }
        List<Owed> owed = jdbc.sql(
                        "select subscriber_id, generation from earlier_unsubscribe_link where token_hash is null")
                .query((rs, row) -> new Owed(rs.getLong(1), rs.getInt(2))).list();
        for (Owed link : owed) {
            String token = links.token(LinkPurpose.UNSUBSCRIBE, link.subscriberId(), link.generation());
            jdbc.sql("""
                            update earlier_unsubscribe_link set token_hash = ?
                             where subscriber_id = ? and generation = ? and token_hash is null
                            """)
                    .params(LinkTokens.hash(token), link.subscriberId(), link.generation())
                    .update();
        }
    }
}
