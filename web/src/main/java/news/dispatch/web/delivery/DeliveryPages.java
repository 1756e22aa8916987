package news.dispatch.web.delivery;

import gg.jte.generated.precompiled.Templates;
import news.dispatch.core.paging.Page;
import news.dispatch.core.paging.PageRequest;
import news.dispatch.mailer.outbox.Deliveries;
import news.dispatch.mailer.outbox.Delivery;
import news.dispatch.mailer.outbox.DeliveryKind;
import news.dispatch.mailer.outbox.DeliveryStatus;
import news.dispatch.mailer.outbox.Outbox;
import news.dispatch.web.page.AdminPage;
import news.dispatch.web.page.Links;
import news.dispatch.web.page.PageView;
import news.dispatch.web.problem.Conflict;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/** The outbox as admins watch it: filter by status and kind, read the last error, retry what failed. */
@Controller
@AdminPage
class DeliveryPages {

    private static final int PAGE_SIZE = 50;

    private final Outbox outbox;
    private final Deliveries deliveries;
    private final Templates templates;

    DeliveryPages(Outbox outbox, Deliveries deliveries, Templates templates) {
        this.outbox = outbox;
        this.deliveries = deliveries;
        this.templates = templates;
    }

    @GetMapping("/admin/deliveries")
    ModelAndView list(@RequestParam(required = false) String status, @RequestParam(required = false) String kind,
                      @RequestParam(defaultValue = "0") int page, @RequestParam(required = false) Long retried) {
        Page<Delivery> found = deliveries.list(DeliveryFilter.parse(DeliveryStatus.class, "status", status),
                DeliveryFilter.parse(DeliveryKind.class, "kind", kind), new PageRequest(Math.max(0, page), PAGE_SIZE));
        String notice = retried == null ? null : "Delivery " + retried + " is back in the queue.";
        DeliveryList list = new DeliveryList(blankToNull(status), blankToNull(kind), found, notice);
        return PageView.of(shared -> templates.staffAdminDeliveries(shared.staff(), list));
    }

    @PostMapping("/admin/deliveries/{id}/retry")
    ModelAndView retry(@PathVariable long id, @RequestParam(required = false) String status,
                       @RequestParam(required = false) String kind) {
        if (!outbox.retry(id)) {
            throw new Conflict("Only a FAILED delivery that still has an address can be retried; delivery " + id
                    + " is not one (any more).");
        }
        return new ModelAndView("redirect:" + Links.to("/admin/deliveries", "status", status, "kind", kind,
                "retried", id));
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
