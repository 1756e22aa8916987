package news.dispatch.web.page;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.csrf.CsrfToken;

/**
 * Who is signed in to the staff pages, as every staff template needs it: their name, whether the admin sections
 * show, and the CSRF token every form (logout included) carries.
 */
public record Staff(String username, boolean admin, CsrfToken csrf) {

    /**
     * The admin role's authority, as {@code account.Role.ADMIN} grants it (StaffTest holds the two together): the
     * account pages build on this package, so it may not reach back into theirs.
     */
    private static final String ADMIN = "ROLE_ADMIN";

    /** The signed-in person, or an empty staff (no name) when nobody is. */
    public static Staff of(Authentication authentication, CsrfToken csrf) {
        if (authentication == null || authentication instanceof AnonymousAuthenticationToken) {
            return new Staff(null, false, csrf);
        }
        boolean admin = authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .anyMatch(ADMIN::equals);
        return new Staff(authentication.getName(), admin, csrf);
    }
}
