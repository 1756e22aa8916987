package news.dispatch.core.link;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LinkSettings.class)
class LinkConfiguration {

    @Bean
    LinkTokens linkTokens(LinkSettings settings, JdbcClient jdbc) {
        if (settings.secret() != null && !settings.secret().isBlank()) {
            return new LinkTokens(settings.secret().getBytes(StandardCharsets.UTF_8));
        }
        // Generated once and shared through the database so tokens survive restarts and work on every node.
        jdbc.sql("insert into instance_secret (name, secret) values ('links', ?) on conflict do nothing")
                .param(LinkTokens.random())
                .update();
        String stored = jdbc.sql("select secret from instance_secret where name = 'links'")
                .query(String.class).single();
        return new LinkTokens(Base64.getUrlDecoder().decode(stored));
    }
}
