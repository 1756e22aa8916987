package news.dispatch.web.account;

import java.nio.charset.StandardCharsets;

import news.dispatch.core.InvalidInput;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The first admin account, made at start when missing.
 *
 * @param username its name
 * @param password its password; when set, the account is given it (and enabled) at every start where it differs
 *                 (the way back in for an operator who lost it). When unset or empty, a random one is generated for a
 *                 new account and logged once. One made only of blanks or control characters, or over 72 bytes,
 *                 stops the start; one the Users page would refuse as easy to guess is taken, with a warning.
 */
@ConfigurationProperties("dispatch.admin")
public record AdminSettings(@DefaultValue("admin") String username, String password) {

    public AdminSettings {
        if (password != null && !password.isEmpty() && Accounts.isBlank(password)) {
            throw new IllegalArgumentException("dispatch.admin.password is only blanks or control characters: "
                    + "give it a real password, or leave it unset to have one generated");
        }
        if (password != null && password.getBytes(StandardCharsets.UTF_8).length > Accounts.MAX_PASSWORD_BYTES) {
            throw new IllegalArgumentException("dispatch.admin.password is over " + Accounts.MAX_PASSWORD_BYTES
                    + " bytes, more than a password hash reads: give it a shorter one");
        }
        if (!Accounts.isLinkable(username)) {
            throw new IllegalArgumentException("dispatch.admin.username '" + username + "' is no name the Users "
                    + "page can manage: not dots alone, and none of / \\ ; % ? #");
        }
    }

    /** Why the password is easier to guess than the Users page allows, or {@code null}. */
    String weakness() {
        try {
            Accounts.checkPassword(username, password);
            return null;
        } catch (InvalidInput weak) {
            return weak.getMessage();
        }
    }

    /** Whether a password was given. */
    boolean hasPassword() {
        return password != null && !password.isEmpty();
    }
}
