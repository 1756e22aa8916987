package news.dispatch.web.staff.admin;

import java.util.Locale;
import java.util.Map;

import news.dispatch.core.InvalidInput;
import news.dispatch.web.account.Accounts;
import news.dispatch.web.account.Role;
import news.dispatch.web.problem.NotFound;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/** Admins list the staff's accounts, add an editor or an admin, and set a new password for one. */
@Controller
class UserPages {

    private final Accounts accounts;

    UserPages(Accounts accounts) {
        this.accounts = accounts;
    }

    @GetMapping("/admin/users")
    ModelAndView list(@RequestParam(required = false) String added, @RequestParam(required = false) String reset) {
        String notice = added != null ? "Account " + added + " was added."
                : reset != null ? "The password of " + reset + " was changed." : null;
        return page(notice, null, "", Role.EDITOR, HttpStatus.OK);
    }

    @PostMapping("/admin/users")
    ModelAndView add(@RequestParam String username, @RequestParam String password, @RequestParam String role) {
        Role chosen;
        try {
            chosen = Role.valueOf(role.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return page(null, "Choose EDITOR or ADMIN.", username, Role.EDITOR, HttpStatus.BAD_REQUEST);
        }
        try {
            if (!accounts.create(username.strip(), password, chosen)) {
                return page(null, "There is an account " + username.strip() + " already.", username, chosen,
                        HttpStatus.CONFLICT);
            }
        } catch (InvalidInput invalid) {
            return page(null, "Not added: " + invalid.getMessage() + ".", username, chosen, HttpStatus.BAD_REQUEST);
        }
        return new ModelAndView("redirect:" + Links.to("/admin/users", "added", username.strip()));
    }

    @PostMapping("/admin/users/{username}/password")
    ModelAndView resetPassword(@PathVariable String username, @RequestParam String password) {
        try {
            if (!accounts.changePassword(username, password)) {
                throw new NotFound("There is no account " + username + ".");
            }
        } catch (InvalidInput invalid) {
            return page(null, "The password of " + username + " was not changed: " + invalid.getMessage() + ".",
                    "", Role.EDITOR, HttpStatus.BAD_REQUEST);
        }
        return new ModelAndView("redirect:" + Links.to("/admin/users", "reset", username));
    }

    private ModelAndView page(String notice, String problem, String username, Role role, HttpStatus status) {
        return new ModelAndView("staff/admin/users", Map.of("users",
                new UserList(accounts.list(), notice, problem, username, role)), status);
    }
}
