package news.dispatch.web.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import news.dispatch.web.account.Accounts;
import news.dispatch.web.account.SignedInAccount;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Ends a page session whose account was given a new password or role, disabled or removed since it signed in. Asked
 * of the database on every request, not of a registry in memory: sessions live on one node, the change may have been
 * made on another. The request goes on as nobody's, so a staff page sends it to the login form.
 */
final class StaleSessions extends OncePerRequestFilter {

    private final Accounts accounts;

    StaleSessions(Accounts accounts) {
        this.accounts = accounts;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication signedIn = SecurityContextHolder.getContext().getAuthentication();
        if (signedIn != null && signedIn.getPrincipal() instanceof SignedInAccount account
                && !accounts.stillSignedIn(account)) {
            HttpSession session = request.getSession(false);
            if (session != null) {
                session.invalidate();
                request.getSession().setAttribute(SignedInAccount.CHANGED, true);
            }
            SecurityContextHolder.clearContext();
        }
        chain.doFilter(request, response);
    }
}
