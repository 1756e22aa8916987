package news.dispatch.core.link;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LinkSettings.class)
class LinkConfiguration {

    private static final Logger log = LoggerFactory.getLogger(LinkConfiguration.class);

    /** What the database keeps of the secret the last node to start made links with: a mark of it, not the secret. */
    private static final String IN_USE = "links-in-use";

    @Bean
    LinkTokens linkTokens(LinkSettings settings, JdbcClient jdbc) {
        LinkTokens tokens;
        if (settings.secret() != null && !settings.secret().isBlank()) {
            tokens = new LinkTokens(settings.secret().getBytes(StandardCharsets.UTF_8));
        } else {
            // Generated once and shared through the database so tokens survive restarts and work on every node.
            jdbc.sql("insert into instance_secret (name, secret) values ('links', ?) on conflict do nothing")
                    .param(LinkTokens.random())
                    .update();
            String stored = jdbc.sql("select secret from instance_secret where name = 'links'")
                    .query(String.class).single();
            tokens = new LinkTokens(Base64.getUrlDecoder().decode(stored));
        }
        warnOnAnotherSecret(jdbc, tokens.mark(IN_USE));
        return tokens;
    }

    /**
     * Warns when the node that started last made readers' links with another secret: each node stores a reader's
     * link under its own, so a node given a {@code dispatch.links.secret} the others lack mailed links that answered
     * {@code 404} on every node, one-click unsubscribes included, and started without a word (QA, 7 December).
     */
    private static void warnOnAnotherSecret(JdbcClient jdbc, String mine) {
        Optional<String> last = jdbc.sql("select secret from instance_secret where name = ?").param(IN_USE)
                .query(String.class).optional();
        if (last.isEmpty()) {
            jdbc.sql("insert into instance_secret (name, secret) values (?, ?) on conflict do nothing")
                    .params(IN_USE, mine).update();
        } else if (!last.get().equals(mine)) {
            log.warn("dispatch.links.secret differs from the one the node that started last made readers' links "
                    + "with: links mailed under one are unknown under the other (preferences, one-click unsubscribe). "
                    + "Give every node the same dispatch.links.secret, or none (the one kept in the database)");
            jdbc.sql("update instance_secret set secret = ? where name = ?").params(mine, IN_USE).update();
        }
    }
}
