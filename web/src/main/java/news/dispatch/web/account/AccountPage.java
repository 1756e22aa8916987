package news.dispatch.web.account;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import gg.jte.generated.precompiled.Templates;
import news.dispatch.core.InvalidInput;
import news.dispatch.web.page.FieldErrors;
import news.dispatch.web.page.PageView;
import news.dispatch.web.page.StaffPage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/**
 * Each member of the staff, editor or admin, chooses their own password, giving the one they have: a password an admin
 * set and handed over need not stay one the admin knows, and a session left open cannot be made someone else's.
 * Their other sessions end; this one goes on, renewed.
 */
@Controller
@StaffPage
class AccountPage {

    private static final Logger log = LoggerFactory.getLogger(AccountPage.class);

    private final Accounts accounts;
    private final AuthenticationProvider signIns;
    private final OwnSession ownSession;
    private final Templates templates;

    AccountPage(Accounts accounts, AuthenticationProvider signIns, OwnSession ownSession, Templates templates) {
        this.accounts = accounts;
        this.signIns = signIns;
        this.ownSession = ownSession;
        this.templates = templates;
    }

    @GetMapping("/account")
    ModelAndView show(@RequestParam(required = false) String changed) {
        return page(changed != null ? "Your password was changed: your other sessions have ended." : null,
                FieldErrors.NONE, HttpStatus.OK);
    }

    @PostMapping("/account/password")
    ModelAndView changePassword(@RequestParam String current, @RequestParam String password,
                                Authentication you, HttpServletRequest request, HttpServletResponse response) {
        // Checked as a sign-in is, counted and limited with sign-ins: a session left open is no way to guess it.
        UsernamePasswordAuthenticationToken attempt = UsernamePasswordAuthenticationToken.unauthenticated(
                you.getName(), current);
        attempt.setDetails(new WebAuthenticationDetails(request));
        try {
            signIns.authenticate(attempt);
        } catch (LoginThrottled throttled) {
            response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(throttled.retryAfterSeconds()));
            return page(null, FieldErrors.of("current", "too many wrong passwords from your address: wait "
                    + throttled.inWords() + " and try again"), HttpStatus.TOO_MANY_REQUESTS);
        } catch (AuthenticationException wrong) {
            return page(null, FieldErrors.of("current", "this is not your present password"),
                    HttpStatus.BAD_REQUEST);
        }
        try {
            accounts.changePassword(you.getName(), password);
        } catch (InvalidInput invalid) {
            return page(null, FieldErrors.of("password", invalid.getMessage()), HttpStatus.BAD_REQUEST);
        }
        log.info("Account '{}' chose a new password", you.getName());
        ownSession.renew(you.getName(), request, response);
        return new ModelAndView("redirect:/account?changed");
    }

    private ModelAndView page(String notice, FieldErrors errors, HttpStatus status) {
        YourAccount account = new YourAccount(notice, errors.any() ? "Not changed: please correct the marked field."
                : null, errors);
        return PageView.of(shared -> templates.staffAccount(shared.staff(), account), status);
    }
}
