package news.dispatch.web.account;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import gg.jte.generated.precompiled.Templates;
import news.dispatch.web.page.PageView;
import news.dispatch.web.page.StaffPage;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.WebAttributes;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/** The staff's way in and out. Spring Security handles the POSTs; these are the pages around them. */
@Controller
@StaffPage
class LoginPage {

    /** Where a throttled sign-in is forwarded, and the request attribute it carries: how long to wait, in words. */
    static final String THROTTLED_PATH = "/login/throttled";
    static final String THROTTLED = "news.dispatch.web.account.LoginPage.throttled";
    /** Where a sign-in whose account could not be read is forwarded. */
    static final String UNAVAILABLE_PATH = "/login/unavailable";
    /** Where a failed sign-in leaves the name typed, for the form shown again. */
    static final String NAME_TYPED = LoginPage.class.getName() + ".nameTyped";

    private final Templates templates;

    LoginPage(Templates templates) {
        this.templates = templates;
    }

    @GetMapping("/login")
    ModelAndView login(@RequestParam(required = false) String error, @RequestParam(required = false) String logout,
                       @RequestParam(required = false) String expired, HttpSession session) {
        Object typed = session.getAttribute(NAME_TYPED);
        session.removeAttribute(NAME_TYPED);
        String name = error != null && typed instanceof String kept ? kept : "";
        boolean changed = session.getAttribute(SignedInAccount.CHANGED) != null;
        session.removeAttribute(SignedInAccount.CHANGED);
        return PageView.of(shared -> templates.staffLogin(shared.staff(), error != null, logout != null, null, false,
                name, expired != null && !changed, changed));
    }

    /**
     * A throttled sign-in is forwarded here ({@link LoginFailures}): the form again, as a 429 that says how long to
     * wait. Reached any other way, it is just the way to the form.
     */
    @RequestMapping(THROTTLED_PATH)
    ModelAndView throttled(@RequestAttribute(name = THROTTLED, required = false) String wait) {
        if (wait == null) {
            return new ModelAndView("redirect:/login");
        }
        return form(HttpStatus.TOO_MANY_REQUESTS, wait, false);
    }

    /**
     * A sign-in that failed because the accounts could not be read ({@link LoginFailures}): the form again, as a 503
     * that says to try later. Reached any other way, it is just the way to the form.
     */
    @RequestMapping(UNAVAILABLE_PATH)
    ModelAndView unavailable(HttpServletRequest request) {
        if (request.getDispatcherType() != DispatcherType.FORWARD) {
            return new ModelAndView("redirect:/login");
        }
        return form(HttpStatus.SERVICE_UNAVAILABLE, null, true);
    }

    /** The form again, answered with the status that says why. */
    private ModelAndView form(HttpStatus status, String wait, boolean unavailable) {
        return PageView.of(shared -> templates.staffLogin(shared.staff(), false, false, wait, unavailable, "", false,
                false), status);
    }

    /**
     * Where a refused request on a staff page lands (403), with a way back: a signed-in user who lacks the role, or
     * a form sent without its CSRF token (one from before signing in again, say).
     */
    @RequestMapping("/denied")
    ModelAndView denied(@RequestAttribute(name = WebAttributes.ACCESS_DENIED_403, required = false)
                        AccessDeniedException refusal) {
        if (refusal == null) {
            // Opened as an address (a bookmark, or once returned to after signing in): there is no refusal to explain.
            return new ModelAndView("redirect:/");
        }
        boolean staleForm = refusal instanceof CsrfException;
        return PageView.of(shared -> templates.staffDenied(shared.staff(), staleForm), HttpStatus.FORBIDDEN);
    }
}
