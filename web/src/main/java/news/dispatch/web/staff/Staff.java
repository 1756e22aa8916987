package news.dispatch.web.staff;

import org.springframework.security.web.csrf.CsrfToken;

/**
 * Who is signed in to the staff pages, as every staff template needs it: their name, whether the admin sections
 * show, and the CSRF token every form (logout included) carries.
 */
public record Staff(String username, boolean admin, CsrfToken csrf) {
}
