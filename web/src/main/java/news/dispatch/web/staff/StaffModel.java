package news.dispatch.web.staff;

import news.dispatch.web.account.Role;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Puts {@link Staff} in the model of every staff page. Staff page controllers live in this package, and the editors'
 * pages in {@code news.dispatch.web.editor}.
 */
@ControllerAdvice(basePackages = {"news.dispatch.web.staff", "news.dispatch.web.editor"})
class StaffModel {

    @ModelAttribute("staff")
    Staff staff(Authentication authentication, CsrfToken csrf) {
        if (authentication == null) {
            return new Staff(null, false, csrf);
        }
        boolean admin = authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .anyMatch(Role.ADMIN.authority()::equals);
        return new Staff(authentication.getName(), admin, csrf);
    }
}
