package news.dispatch.web.account;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Component;

/**
 * Keeps the session of someone who just changed their own password, which would otherwise end with every other
 * session of the account: signed in again under the new credentials, with a new session id.
 */
@Component
class OwnSession {

    private final Accounts accounts;
    private final SecurityContextRepository sessions = new HttpSessionSecurityContextRepository();

    OwnSession(Accounts accounts) {
        this.accounts = accounts;
    }

    /** Signs the request's session in again as {@code username}, as the account now is. */
    void renew(String username, HttpServletRequest request, HttpServletResponse response) {
        SignedInAccount account = accounts.loadUserByUsername(username);
        account.eraseCredentials();
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(account, null,
                account.getAuthorities()));
        SecurityContextHolder.setContext(context);
        // A fresh session if a request of the same person, seeing the new password first, has ended the old one.
        request.getSession();
        request.changeSessionId();
        sessions.saveContext(context, request, response);
    }
}
