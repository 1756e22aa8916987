package news.dispatch.web.staff;

import org.springframework.security.core.Authentication;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Puts {@link Staff} in the model of every staff page. Staff page controllers live in this package and below it
 * ({@code staff.admin} holds the admin pages), and the editors' pages in {@code news.dispatch.web.editor}.
 */
@ControllerAdvice(basePackages = {"news.dispatch.web.staff", "news.dispatch.web.editor"})
class StaffModel {

    @ModelAttribute("staff")
    Staff staff(Authentication authentication, CsrfToken csrf) {
        return Staff.of(authentication, csrf);
    }
}
