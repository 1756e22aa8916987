package news.dispatch.web.account;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The first admin account, made at start when missing.
 *
 * @param username its name
 * @param password its password; when set, the account is given it at every start (the way back in for an
 *                 operator who lost it). When unset, a random one is generated for a new account and logged once.
 */
@ConfigurationProperties("dispatch.admin")
public record AdminSettings(@DefaultValue("admin") String username, String password) {
}
