package news.dispatch.web.delivery;

import news.dispatch.core.paging.Page;
import news.dispatch.core.paging.PageRequest;
import news.dispatch.mailer.outbox.Deliveries;
import news.dispatch.mailer.outbox.Delivery;
import news.dispatch.mailer.outbox.DeliveryKind;
import news.dispatch.mailer.outbox.DeliveryStatus;
import news.dispatch.mailer.outbox.Outbox;
import news.dispatch.web.problem.Conflict;
import news.dispatch.web.problem.NotFound;

import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.Parameter;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Admins watch what the outbox sent, holds and gave up on, and send a failed delivery again. */
@Tag(name = "Deliveries")
@RestController
@RequestMapping("/api/admin/deliveries")
class DeliveriesController {

    private final Outbox outbox;
    private final Deliveries deliveries;

    DeliveriesController(Outbox outbox, Deliveries deliveries) {
        this.outbox = outbox;
        this.deliveries = deliveries;
    }

    @GetMapping
    Page<Delivery> list(@Parameter(description = "QUEUED, SENDING, SENT, RETRYING or FAILED, in any case")
                        @RequestParam(required = false) String status,
                        @Parameter(description = "the kind of email (DIGEST, ALERT, …), in any case")
                        @RequestParam(required = false) String kind,
                        @RequestParam(defaultValue = "0") int page,
                        @RequestParam(defaultValue = "" + PageRequest.DEFAULT_SIZE) int size) {
        return deliveries.list(DeliveryFilter.parse(DeliveryStatus.class, "status", status),
                DeliveryFilter.parse(DeliveryKind.class, "kind", kind), new PageRequest(page, size));
    }

    @GetMapping("/{id}")
    Delivery get(@PathVariable long id) {
        return deliveries.find(id).orElseThrow(() -> new NotFound("There is no delivery " + id + "."));
    }

    /** Puts a FAILED delivery back in the queue. */
    @ApiResponse(responseCode = "409", description = "The delivery is not FAILED, or has no recipient.")
    @PostMapping("/{id}/retry")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Delivery retry(@PathVariable long id) {
        Delivery delivery = get(id);
        if (!outbox.retry(id)) {
            throw new Conflict("Only a FAILED delivery with a recipient can be retried; "
                    + "this one is " + delivery.status() + ".");
        }
        return get(id);
    }
}
