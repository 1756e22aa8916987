package news.dispatch.web.account;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import gg.jte.generated.precompiled.Templates;
import news.dispatch.core.InvalidInput;
import news.dispatch.web.account.Accounts.Account;
import news.dispatch.web.page.AdminPage;
import news.dispatch.web.page.FieldErrors;
import news.dispatch.web.page.PageView;
import news.dispatch.web.problem.NotFound;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.support.RequestContextUtils;

/**
 * Admins list the staff's accounts, add an editor or an admin, set a new password or role for one, disable, enable and
 * remove one (after a confirmation step). A new password or role, disabling and removing end the account's sessions at
 * once; there is always an enabled admin left. Each change is logged with who made it.
 */
@Controller
@AdminPage
class UserPages {

    private static final Logger log = LoggerFactory.getLogger(UserPages.class);
    private static final String NOTICE = UserPages.class.getName() + ".notice";

    private final Accounts accounts;
    private final ApiTokens tokens;
    private final OwnSession ownSession;
    private final Templates templates;

    UserPages(Accounts accounts, ApiTokens tokens, OwnSession ownSession, Templates templates) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.ownSession = ownSession;
        this.templates = templates;
    }

    /**
     * The list, with what the last action did: carried in the session from the action to this page (until 8 December
     * in the address, where any text put there was shown as a notice).
     */
    @GetMapping("/admin/users")
    ModelAndView list(HttpServletRequest request) {
        Map<String, ?> flash = RequestContextUtils.getInputFlashMap(request);
        String notice = flash != null && flash.get(NOTICE) instanceof String done ? done : null;
        return page(notice, null, FieldErrors.NONE, "", Role.EDITOR, HttpStatus.OK);
    }

    @PostMapping("/admin/users")
    ModelAndView add(@RequestParam String username, @RequestParam String password, @RequestParam String role,
                     Authentication admin, RedirectAttributes redirect) {
        List<InvalidInput> refused = new ArrayList<>(Accounts.refusals(username.strip(), password));
        Role chosen = Role.EDITOR;
        try {
            chosen = Role.valueOf(role.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            refused.add(new InvalidInput("role", "choose EDITOR or ADMIN"));
        }
        if (!refused.isEmpty()) {
            return page(null, FieldErrors.NOT_ADDED, FieldErrors.of(refused), username, chosen,
                    HttpStatus.BAD_REQUEST);
        }
        if (!accounts.create(username.strip(), password, chosen)) {
            FieldErrors taken = FieldErrors.of("username", "there is an account " + username.strip()
                    + " already (names are the same in any case)");
            return page(null, FieldErrors.NOT_ADDED, taken, username, chosen, HttpStatus.CONFLICT);
        }
        log.info("Account '{}' added as {} by '{}'", username.strip(), chosen, admin.getName());
        return done(redirect, "Account " + username.strip() + " was added.");
    }

    /** A new password ends the account's sessions; the admin who set their own keeps theirs, renewed. */
    @PostMapping("/admin/users/{username}/password")
    ModelAndView resetPassword(@PathVariable String username, @RequestParam String password,
                               Authentication admin, HttpServletRequest request, HttpServletResponse response,
                               RedirectAttributes redirect) {
        try {
            if (!accounts.changePassword(username, password)) {
                throw unknown(username);
            }
        } catch (InvalidInput invalid) {
            return page(null, "The password of " + username + " was not changed: please correct the marked field.",
                    FieldErrors.of("password-" + username, invalid.getMessage()), "", Role.EDITOR,
                    HttpStatus.BAD_REQUEST);
        }
        log.info("Account '{}' given a new password by '{}'", username, admin.getName());
        if (Accounts.fold(admin.getName()).equals(Accounts.fold(username))) {
            ownSession.renew(username, request, response);
        }
        return done(redirect, "The password of " + username + " was changed: its other sessions have ended.");
    }

    /**
     * Another role ends the account's sessions, which carry the old one; the admin who changes their own keeps a
     * renewed session with the new role (an admin made an editor lands on the editors' pages).
     */
    @PostMapping("/admin/users/{username}/role")
    ModelAndView changeRole(@PathVariable String username, @RequestParam String role, Authentication admin,
                            HttpServletRequest request, HttpServletResponse response, RedirectAttributes redirect) {
        Role chosen;
        try {
            chosen = Role.valueOf(role.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return page(null, "The role of " + username + " was not changed: choose EDITOR or ADMIN.",
                    FieldErrors.NONE, "", Role.EDITOR, HttpStatus.BAD_REQUEST);
        }
        Account account = accounts.find(username).orElseThrow(() -> unknown(username));
        if (account.role() == chosen) {
            return done(redirect, "Account " + account.username() + " is an " + chosen + " already: nothing changed.");
        }
        try {
            if (!accounts.changeRole(username, chosen)) {
                throw unknown(username);
            }
        } catch (LastAdmin refused) {
            return refused(refused);
        }
        log.info("Account '{}' made {} by '{}'", account.username(), chosen, admin.getName());
        if (Accounts.fold(admin.getName()).equals(Accounts.fold(username))) {
            ownSession.renew(username, request, response);
            if (chosen != Role.ADMIN) {
                return new ModelAndView("redirect:/");
            }
        }
        return done(redirect, "Account " + account.username() + " is an " + chosen + " now: its sessions have ended.");
    }

    @PostMapping("/admin/users/{username}/disable")
    ModelAndView disable(@PathVariable String username, Authentication admin, RedirectAttributes redirect) {
        Account account = accounts.find(username).orElseThrow(() -> unknown(username));
        if (!account.enabled()) {
            return done(redirect, "Account " + account.username() + " is disabled already: nothing changed.");
        }
        try {
            if (!accounts.disable(username)) {
                throw unknown(username);
            }
        } catch (LastAdmin refused) {
            return refused(refused);
        }
        log.info("Account '{}' disabled by '{}'", account.username(), admin.getName());
        return done(redirect, "Account " + account.username() + " is disabled: it cannot sign in, and its sessions "
                + "have ended.");
    }

    @PostMapping("/admin/users/{username}/enable")
    ModelAndView enable(@PathVariable String username, Authentication admin, RedirectAttributes redirect) {
        Account account = accounts.find(username).orElseThrow(() -> unknown(username));
        if (account.enabled()) {
            return done(redirect, "Account " + account.username() + " is enabled already: nothing changed.");
        }
        if (!accounts.enable(username)) {
            throw unknown(username);
        }
        log.info("Account '{}' enabled by '{}'", account.username(), admin.getName());
        return done(redirect, "Account " + account.username() + " is enabled again.");
    }

    /** The confirmation names the API tokens that go with the account, which scripts may still use. */
    @GetMapping("/admin/users/{username}/remove")
    ModelAndView confirmRemove(@PathVariable String username) {
        if (!accounts.exists(username)) {
            throw unknown(username);
        }
        List<String> tokenNames = tokens.madeBy(username);
        return PageView.of(shared -> templates.staffAdminRemoveUser(shared.staff(), username, tokenNames));
    }

    @PostMapping("/admin/users/{username}/remove")
    ModelAndView remove(@PathVariable String username, Authentication admin, RedirectAttributes redirect) {
        try {
            if (!accounts.remove(username)) {
                throw unknown(username);
            }
        } catch (LastAdmin refused) {
            return refused(refused);
        }
        log.info("Account '{}' removed by '{}', with its API tokens", username, admin.getName());
        return done(redirect, "Account " + username + " was removed.");
    }

    /** Back to the list, which says what was done; a reload of it does nothing again. */
    private static ModelAndView done(RedirectAttributes redirect, String notice) {
        redirect.addFlashAttribute(NOTICE, notice);
        return new ModelAndView("redirect:/admin/users");
    }

    private ModelAndView refused(LastAdmin refused) {
        return page(null, refused.getMessage(), FieldErrors.NONE, "", Role.EDITOR, HttpStatus.CONFLICT);
    }

    private static NotFound unknown(String username) {
        return new NotFound("There is no account " + username + ".");
    }

    private ModelAndView page(String notice, String problem, FieldErrors errors, String username, Role role,
                              HttpStatus status) {
        UserList users = new UserList(accounts.list(), notice, problem, errors, username, role);
        return PageView.of(shared -> templates.staffAdminUsers(shared.staff(), users), status);
    }
}
