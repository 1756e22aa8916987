package news.dispatch.web.account;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import gg.jte.generated.precompiled.Templates;
import news.dispatch.core.InvalidInput;
import news.dispatch.web.account.ApiTokens.Minted;
import news.dispatch.web.page.AdminPage;
import news.dispatch.web.page.Links;
import news.dispatch.web.page.PageView;
import news.dispatch.web.problem.NotFound;

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
 * Admins make API tokens for scripts, list and revoke them. A new token's secret is in the answer to the form that
 * made it, and nowhere else: no redirect carries it, no session keeps it.
 */
@Controller
@AdminPage
class TokenPages {

    private static final String MINTED = "minted";

    private final ApiTokens tokens;
    private final Templates templates;

    TokenPages(ApiTokens tokens, Templates templates) {
        this.tokens = tokens;
        this.templates = templates;
    }

    /** The list; right after a token is made, with its secret, shown this once (it rides in the session's flash). */
    @GetMapping("/admin/tokens")
    ModelAndView list(@RequestParam(required = false) Long revoked, HttpServletRequest request) {
        Map<String, ?> flash = RequestContextUtils.getInputFlashMap(request);
        if (flash != null && flash.get(MINTED) instanceof Minted minted) {
            return page("Token " + minted.token().name() + " was made.", null, minted, "", Role.EDITOR,
                    HttpStatus.OK);
        }
        String notice = revoked == null ? null : tokens.find(revoked)
                .map(token -> "Token " + token.name() + " was revoked: it opens nothing from now on.").orElse(null);
        return page(notice, null, null, "", Role.EDITOR, HttpStatus.OK);
    }

    /** Answered with a redirect, so that reloading the page with the secret makes no second token. */
    @PostMapping("/admin/tokens")
    ModelAndView create(@RequestParam String name, @RequestParam String role, Authentication admin,
                        RedirectAttributes redirect) {
        try {
            redirect.addFlashAttribute(MINTED, tokens.create(name, role, admin));
            return new ModelAndView("redirect:/admin/tokens");
        } catch (InvalidInput invalid) {
            Role chosen = Role.EDITOR;
            for (Role known : Role.values()) {
                chosen = known.name().equalsIgnoreCase(role.strip()) ? known : chosen;
            }
            return page(null, "Not made: " + invalid.getMessage() + ".", null, name, chosen, HttpStatus.BAD_REQUEST);
        }
    }

    @PostMapping("/admin/tokens/{id}/revoke")
    ModelAndView revoke(@PathVariable long id, Authentication admin) {
        if (!tokens.revoke(id, ApiTokens.who(admin))) {
            throw new NotFound("There is no API token " + id + ".");
        }
        return new ModelAndView("redirect:" + Links.to("/admin/tokens", "revoked", id));
    }

    private ModelAndView page(String notice, String problem, Minted minted, String name, Role role,
                              HttpStatus status) {
        TokenList list = new TokenList(tokens.list(), notice, problem, minted == null ? null : minted.secret(),
                minted == null ? null : minted.token(), name, role);
        return PageView.of(shared -> templates.staffAdminTokens(shared.staff(), list), status);
    }
}
