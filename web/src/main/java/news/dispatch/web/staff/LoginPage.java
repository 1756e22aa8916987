package news.dispatch.web.staff;

import news.dispatch.web.account.Role;

import org.springframework.security.core.Authentication;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/** The staff's way in and out. Spring Security handles the POSTs; these are the pages around them. */
@Controller
class LoginPage {

    /** Request attribute a throttled sign-in is forwarded with: how long to wait, in words. */
    static final String THROTTLED = "news.dispatch.web.staff.LoginPage.throttled";

    /**
     * The form. A POST reaches here only forwarded by a sign-in that was throttled (Spring Security takes every
     * other POST to {@code /login}): it shows the form again with how long to wait, as a 429.
     */
    @RequestMapping(path = "/login", method = {RequestMethod.GET, RequestMethod.POST})
    ModelAndView login(@RequestParam(required = false) String error, @RequestParam(required = false) String logout,
                       @RequestAttribute(name = LoginPage.THROTTLED, required = false) String wait) {
        ModelAndView page = new ModelAndView("staff/login");
        page.addObject("failed", error != null && wait == null);
        page.addObject("loggedOut", logout != null && wait == null);
        page.addObject("wait", wait);
        if (wait != null) {
            page.setStatus(HttpStatus.TOO_MANY_REQUESTS);
        }
        return page;
    }

    /** Where a signed-in user who lacks the role lands (403), with a way back. */
    @RequestMapping("/denied")
    ModelAndView denied() {
        return new ModelAndView("staff/denied", HttpStatus.FORBIDDEN);
    }

    /** Editors start at the articles, admins at the dashboard. */
    @GetMapping("/")
    String home(Authentication authentication) {
        boolean admin = authentication.getAuthorities().stream()
                .anyMatch(authority -> authority.getAuthority().equals(Role.ADMIN.authority()));
        return admin ? "redirect:/admin" : "redirect:/editor/articles";
    }
}
