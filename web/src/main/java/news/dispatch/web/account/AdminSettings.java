package news.dispatch.web.account;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The first admin account, made at start when missing.
 *
 * @param username its name
 * @param password its password; when set, the account is given it (and enabled) at every start where it differs
 *                 (the way back in for an operator who lost it). When unset or empty, a random one is generated for a
 *                 new account and logged once. One made only of blanks or control characters stops the start.
 */
@ConfigurationProperties("dispatch.admin")
public record AdminSettings(@DefaultValue("admin") String username, String password) {

    public AdminSettings {
        if (password != null && !password.isEmpty() && Accounts.isBlank(password)) {
            throw new IllegalArgumentException("dispatch.admin.password is only blanks or control characters: "
                    + "give it a real password, or leave it unset to have one generated");
        }
    }

    /** Whether a password was given. */
    boolean hasPassword() {
        return password != null && !password.isEmpty();
    }
}
