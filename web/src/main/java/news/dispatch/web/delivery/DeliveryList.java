package news.dispatch.web.delivery;

import news.dispatch.core.paging.Page;
import news.dispatch.mailer.outbox.Delivery;
import news.dispatch.mailer.outbox.DeliveryKind;
import news.dispatch.mailer.outbox.DeliveryStatus;
import news.dispatch.web.page.Links;
import news.dispatch.web.page.Paged;

/**
 * The Deliveries page. Public because the precompiled templates, in another package, read it.
 *
 * @param status the status filter as typed, or {@code null}
 * @param kind   the kind filter as typed, or {@code null}
 * @param page   the deliveries found, newest first
 * @param notice what the last action did, or {@code null}
 */
public record DeliveryList(String status, String kind, Page<Delivery> page, String notice) implements Paged {

    public DeliveryStatus[] statuses() {
        return DeliveryStatus.values();
    }

    public DeliveryKind[] kinds() {
        return DeliveryKind.values();
    }

    /** A FAILED delivery that still has an address can go back in the queue. */
    public static boolean retriable(Delivery delivery) {
        return delivery.status() == DeliveryStatus.FAILED && delivery.to() != null;
    }

    public String pageLink(int number) {
        return Links.to("/admin/deliveries", "status", status, "kind", kind, "page", number);
    }
}
