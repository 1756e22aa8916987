package news.dispatch.web.page;

import org.springframework.security.core.Authentication;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Puts {@link Staff} in the model of every staff page: the controllers marked {@link StaffPage}. */
@ControllerAdvice(annotations = StaffPage.class)
class StaffModel {

    @ModelAttribute("staff")
    Staff staff(Authentication authentication, CsrfToken csrf) {
        return Staff.of(authentication, csrf);
    }
}
