package news.dispatch.web.webhook;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import jakarta.servlet.http.HttpServletRequest;

import gg.jte.generated.precompiled.Templates;
import news.dispatch.core.InvalidInput;
import news.dispatch.core.paging.PageRequest;
import news.dispatch.mailer.webhook.Webhooks;
import news.dispatch.mailer.webhook.Webhooks.Endpoint;
import news.dispatch.mailer.webhook.Webhooks.Registered;
import news.dispatch.web.page.AdminPage;
import news.dispatch.web.page.FieldErrors;
import news.dispatch.web.page.Links;
import news.dispatch.web.page.PageView;
import news.dispatch.web.problem.NotFound;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.support.RequestContextUtils;

/**
 * Admins register webhook endpoints, remove them, rotate their secrets, and watch each one's calls. A new secret is
 * in the answer to the form that made it and nowhere else: it rides the redirect once in the session's flash.
 */
@Controller
@AdminPage
class WebhookPages {

    private static final String REGISTERED = "registered";
    private static final int CALLS_SHOWN = 50;

    private final Webhooks webhooks;
    private final Templates templates;

    WebhookPages(Webhooks webhooks, Templates templates) {
        this.webhooks = webhooks;
        this.templates = templates;
    }

    @GetMapping("/admin/webhooks")
    ModelAndView list(@RequestParam(required = false) String removed, HttpServletRequest request) {
        if (flashed(request) instanceof Registered registered) {
            return page("Webhook " + registered.endpoint().url() + " was added.", FieldErrors.NONE, registered, "",
                    List.of(), HttpStatus.OK);
        }
        return page(removed == null ? null : "Webhook " + removed + " was removed: it hears nothing from now on.",
                FieldErrors.NONE, null, "", List.of(), HttpStatus.OK);
    }

    /** Answered with a redirect, so that reloading the page with the secret adds no second endpoint. */
    @PostMapping("/admin/webhooks")
    ModelAndView register(@RequestParam(defaultValue = "") String url,
                          @RequestParam(name = "events", required = false) List<String> events,
                          RedirectAttributes redirect) {
        List<String> chosen = events == null ? List.of() : events;
        try {
            redirect.addFlashAttribute(REGISTERED, webhooks.register(url, chosen));
            return new ModelAndView("redirect:/admin/webhooks");
        } catch (InvalidInput invalid) {
            // register stops at the first field at fault; the form marks every one. The caught refusal comes first
            // in case the host's addresses changed in between.
            List<InvalidInput> refused = Stream.concat(Stream.of(invalid), webhooks.refusals(url, chosen).stream())
                    .toList();
            return page(null, FieldErrors.of(refused), null, url, chosen, HttpStatus.BAD_REQUEST);
        }
    }

    @PostMapping("/admin/webhooks/{id}/remove")
    ModelAndView remove(@PathVariable long id) {
        Endpoint endpoint = webhooks.find(id).orElseThrow(() -> unknown(id));
        webhooks.remove(id);
        return new ModelAndView("redirect:" + Links.to("/admin/webhooks", "removed", endpoint.url()));
    }

    @GetMapping("/admin/webhooks/{id}")
    ModelAndView detail(@PathVariable long id, @RequestParam(required = false) Long resent,
                        HttpServletRequest request) {
        Endpoint endpoint = webhooks.find(id).orElseThrow(() -> unknown(id));
        String secret = flashed(request) instanceof Registered rotated ? rotated.secret() : null;
        String notice = secret != null ? "A new secret was made. The old one signs too until "
                + endpoint.previousSecretUntil() + "."
                : resent == null ? null : "Call " + resent + " is queued again.";
        WebhookDetail detail = new WebhookDetail(endpoint, webhooks.calls(id, new PageRequest(0, CALLS_SHOWN)).items(), notice, secret);
        return PageView.of(shared -> templates.staffAdminWebhook(shared.staff(), detail), HttpStatus.OK);
    }

    @PostMapping("/admin/webhooks/{id}/secret")
    ModelAndView rotate(@PathVariable long id, RedirectAttributes redirect) {
        redirect.addFlashAttribute(REGISTERED, webhooks.rotateSecret(id).orElseThrow(() -> unknown(id)));
        return new ModelAndView("redirect:/admin/webhooks/" + id);
    }

    @PostMapping("/admin/webhooks/{id}/calls/{callId}/resend")
    ModelAndView resend(@PathVariable long id, @PathVariable long callId) {
        if (!webhooks.resend(id, callId)) {
            throw new NotFound("Webhook " + id + " has no finished call " + callId + ".");
        }
        return new ModelAndView("redirect:" + Links.to("/admin/webhooks/" + id, "resent", callId));
    }

    private ModelAndView page(String notice, FieldErrors errors, Registered registered, String url,
                              List<String> chosen, HttpStatus status) {
        WebhookList list = new WebhookList(webhooks.list(), notice,
                errors.any() ? FieldErrors.NOT_ADDED : null, errors,
                registered == null ? null : registered.secret(), registered == null ? null : registered.endpoint(),
                url, chosen);
        return PageView.of(shared -> templates.staffAdminWebhooks(shared.staff(), list), status);
    }

    private static Object flashed(HttpServletRequest request) {
        Map<String, ?> flash = RequestContextUtils.getInputFlashMap(request);
        return flash == null ? null : flash.get(REGISTERED);
    }

    private static NotFound unknown(long id) {
        return new NotFound("There is no webhook " + id + ".");
    }
}
