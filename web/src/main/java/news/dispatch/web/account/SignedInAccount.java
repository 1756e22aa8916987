package news.dispatch.web.account;

import java.util.List;

import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;

/**
 * An account as it signs in, with the version of its credentials at that moment. A session keeps it, so that a new
 * password or role, or the account's disabling or removal, ends the session ({@link Accounts#stillSignedIn}).
 */
public final class SignedInAccount extends User {

    private static final long serialVersionUID = 1L;

    private final long credentialsVersion;

    SignedInAccount(String username, String passwordHash, Role role, long credentialsVersion) {
        super(username, passwordHash, List.of(new SimpleGrantedAuthority(role.authority())));
        this.credentialsVersion = credentialsVersion;
    }

    public long credentialsVersion() {
        return credentialsVersion;
    }
}
