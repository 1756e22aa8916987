package news.dispatch.web.account;

import java.util.List;

import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;

/**
 * An account as it signs in, with the version of its credentials at that moment. A session keeps it, so that a new
 * password or role, or the account's disabling or removal, ends the session ({@link Accounts#stillSignedIn}).
 */
public final class SignedInAccount extends User {

    /**
     * The session attribute that tells the login form why the session it replaces ended: the account was changed
     * since it signed in (a QA of 8 December found the editor sent to a bare form with no word why).
     */
    public static final String CHANGED = SignedInAccount.class.getName() + ".changed";

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
