package news.dispatch.web.sending;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import gg.jte.generated.precompiled.Templates;
import news.dispatch.core.InvalidInput;
import news.dispatch.mailer.dkim.DkimAlgorithm;
import news.dispatch.mailer.dkim.DkimKeys;
import news.dispatch.web.page.AdminPage;
import news.dispatch.web.page.Format;
import news.dispatch.web.page.Links;
import news.dispatch.web.page.PageView;
import news.dispatch.web.problem.Conflict;
import news.dispatch.web.problem.Problems;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/** The Sending page: what to publish in DNS, the checklist, and the key rotation's steps as buttons. */
@Controller
@AdminPage
class SendingPages {

    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyyMM");

    private final Sending sending;
    private final DkimKeys keys;
    private final Templates templates;
    private final Clock clock;

    SendingPages(Sending sending, DkimKeys keys, Templates templates, Clock clock) {
        this.sending = sending;
        this.keys = keys;
        this.templates = templates;
        this.clock = clock;
    }

    @GetMapping("/admin/sending")
    ModelAndView page(@RequestParam(required = false) String made, @RequestParam(required = false) String activated,
                      @RequestParam(required = false) String retired) {
        String notice = made != null ? "Key " + made + " was made: publish its record below, wait for DNS to "
                + "carry it (an hour is safe), then activate it."
                : activated != null ? "Key " + activated + " signs from now on. Keep the record of the key it "
                + "replaced for a few days."
                : retired != null ? "Key " + retired + " signs no more. Its record can go from DNS in a few days."
                : null;
        // A selector per month tells keys apart at a glance and is new at every rotation.
        String suggested = "dispatch" + MONTH.format(clock.instant().atOffset(ZoneOffset.UTC));
        return PageView.of(shared -> templates.staffAdminSending(shared.staff(), sending.report(), notice,
                new KeyForm(suggested, DkimAlgorithm.RSA_SHA256.tag(), null)));
    }

    /** A key refused (a selector taken or no DNS label) is said beside the form, what was typed kept. */
    @PostMapping("/admin/sending/keys")
    ModelAndView create(@RequestParam String selector, @RequestParam String algorithm) {
        String made;
        try {
            made = RotationProblems.translated(() -> keys.create(selector, algorithm)).selector();
        } catch (Conflict | InvalidInput refusal) {
            return PageView.of(shared -> templates.staffAdminSending(shared.staff(), sending.report(), null,
                    new KeyForm(selector, algorithm, Format.sentence(refusal.getMessage()))),
                    Problems.statusOf(refusal));
        }
        return new ModelAndView("redirect:" + Links.to("/admin/sending", "made", made));
    }

    @PostMapping("/admin/sending/keys/{selector}/activate")
    String activate(@PathVariable String selector) {
        RotationProblems.translated(() -> keys.activate(selector));
        return "redirect:" + Links.to("/admin/sending", "activated", selector);
    }

    @PostMapping("/admin/sending/keys/{selector}/retire")
    String retire(@PathVariable String selector) {
        RotationProblems.translated(() -> keys.retire(selector));
        return "redirect:" + Links.to("/admin/sending", "retired", selector);
    }
}
