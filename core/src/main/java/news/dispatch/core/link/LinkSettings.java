package news.dispatch.core.link;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the tokens in readers' links are made.
 *
 * @param secret          key for the HMAC that derives preference and unsubscribe tokens; when unset, a random
 *                        one is generated at first start and kept in the database, so every node shares it
 * @param confirmationTtl how long a confirmation link works
 */
@ConfigurationProperties("dispatch.links")
public record LinkSettings(String secret, @DefaultValue("7d") Duration confirmationTtl) {

    public LinkSettings {
        if (confirmationTtl.isNegative() || confirmationTtl.isZero()) {
            // Every sign-up would make a link dead before it is mailed, refused by the database as a 500.
            throw new IllegalArgumentException("dispatch.links.confirmation-ttl must be longer than zero: "
                    + confirmationTtl);
        }
    }
}
