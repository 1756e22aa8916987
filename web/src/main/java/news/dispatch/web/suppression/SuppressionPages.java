package news.dispatch.web.suppression;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import gg.jte.generated.precompiled.Templates;
import news.dispatch.core.InvalidInput;
import news.dispatch.core.paging.Page;
import news.dispatch.core.paging.PageRequest;
import news.dispatch.core.subscriber.EmailAddress;
import news.dispatch.core.suppression.Suppression;
import news.dispatch.core.suppression.SuppressionReason;
import news.dispatch.core.suppression.Suppressions;
import news.dispatch.mailer.bounce.BounceMailbox;
import news.dispatch.mailer.bounce.Bounces;
import news.dispatch.mailer.bounce.Verdict;
import news.dispatch.web.page.AdminPage;
import news.dispatch.web.page.FieldErrors;
import news.dispatch.web.page.Links;
import news.dispatch.web.page.PageView;
import news.dispatch.web.problem.NotFound;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/**
 * The suppression list (search, add, lift after a confirmation step) and what the bounces mailbox held. Plain forms;
 * every change is a POST that redirects.
 */
@Controller
@AdminPage
class SuppressionPages {

    private static final int PAGE_SIZE = 50;

    private final Suppressions suppressions;
    private final Bounces bounces;
    private final BounceMailbox mailbox;
    private final Templates templates;

    SuppressionPages(Suppressions suppressions, Bounces bounces, BounceMailbox mailbox, Templates templates) {
        this.suppressions = suppressions;
        this.bounces = bounces;
        this.mailbox = mailbox;
        this.templates = templates;
    }

    @GetMapping("/admin/suppressions")
    ModelAndView list(@RequestParam(required = false) String q, @RequestParam(defaultValue = "0") int page,
                      @RequestParam(required = false) String added, @RequestParam(required = false) String lifted) {
        String notice = added != null ? added + " is suppressed: it gets no email of any kind."
                : lifted != null ? lifted + " is off the suppression list: it may be mailed again." : null;
        return page(q, page, notice, FieldErrors.NONE, "", "", HttpStatus.OK);
    }

    @PostMapping("/admin/suppressions")
    ModelAndView add(@RequestParam(defaultValue = "") String email, @RequestParam(defaultValue = "") String detail) {
        List<InvalidInput> refused = new ArrayList<>();
        EmailAddress address = null;
        try {
            address = EmailAddress.of(email);
        } catch (InvalidInput invalid) {
            refused.add(invalid);
        }
        if (detail.length() > 1000) {
            refused.add(new InvalidInput("detail", "the note must be at most 1000 characters"));
        }
        if (!refused.isEmpty()) {
            return page(null, 0, null, FieldErrors.of(refused), email, detail, HttpStatus.BAD_REQUEST);
        }
        suppressions.add(address, SuppressionReason.MANUAL, detail.isBlank() ? null : detail.strip());
        return new ModelAndView("redirect:" + Links.to("/admin/suppressions", "added", address.value()));
    }

    /** The confirmation step: says what lifting does and asks once more. */
    @GetMapping("/admin/suppressions/lift")
    ModelAndView confirmLift(@RequestParam(defaultValue = "") String email) {
        Suppression suppression = suppressed(email);
        return PageView.of(shared -> templates.staffAdminLift(shared.staff(), suppression));
    }

    @PostMapping("/admin/suppressions/lift")
    ModelAndView lift(@RequestParam(defaultValue = "") String email) {
        Suppression suppression = suppressed(email);
        suppressions.lift(EmailAddress.of(suppression.email()));
        return new ModelAndView("redirect:" + Links.to("/admin/suppressions", "lifted", suppression.email()));
    }

    @GetMapping("/admin/bounces")
    ModelAndView returned(@RequestParam(required = false) String verdict, @RequestParam(defaultValue = "0") int page) {
        Optional<Verdict> chosen = verdict(verdict);
        ReturnedList list = new ReturnedList(chosen.map(Verdict::name).orElse(null),
                bounces.list(chosen, new PageRequest(Math.max(0, page), PAGE_SIZE)), mailbox.configured(),
                mailbox.lastRead().orElse(null));
        return PageView.of(shared -> templates.staffAdminBounces(shared.staff(), list));
    }

    private ModelAndView page(String q, int page, String notice, FieldErrors errors, String email, String detail,
                              HttpStatus status) {
        Page<Suppression> found = suppressions.list(q, new PageRequest(Math.max(0, page), PAGE_SIZE));
        SuppressionList list = new SuppressionList(q == null || q.isBlank() ? null : q.strip(), found, notice,
                errors.any() ? FieldErrors.NOT_ADDED : null, errors, email, detail);
        return PageView.of(shared -> templates.staffAdminSuppressions(shared.staff(), list), status);
    }

    private Suppression suppressed(String email) {
        try {
            return suppressions.find(EmailAddress.of(email)).orElseThrow(SuppressionPages::notSuppressed);
        } catch (InvalidInput invalid) {
            throw notSuppressed();
        }
    }

    private static NotFound notSuppressed() {
        return new NotFound("That address is not on the suppression list (any more).");
    }

    private static Optional<Verdict> verdict(String written) {
        if (written == null || written.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Verdict.valueOf(written.strip().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new InvalidInput("verdict", "there is no verdict " + written.strip());
        }
    }
}
