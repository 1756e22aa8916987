package news.dispatch.web.staff;

import news.dispatch.web.account.Role;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/** The staff's way in and out. Spring Security handles the POSTs; these are the pages around them. */
@Controller
class LoginPage {

    @GetMapping("/login")
    ModelAndView login(@RequestParam(required = false) String error, @RequestParam(required = false) String logout) {
        ModelAndView page = new ModelAndView("staff/login");
        page.addObject("failed", error != null);
        page.addObject("loggedOut", logout != null);
        return page;
    }

    /** Editors start at the articles, admins at the dashboard. */
    @GetMapping("/")
    String home(Authentication authentication) {
        boolean admin = authentication.getAuthorities().stream()
                .anyMatch(authority -> authority.getAuthority().equals(Role.ADMIN.authority()));
        return admin ? "redirect:/admin" : "redirect:/editor/articles";
    }
}
