package news.dispatch.web.dashboard;

import java.util.Map;

import news.dispatch.core.article.Articles;
import news.dispatch.core.subscriber.SubscriberStatus;
import news.dispatch.core.subscriber.Subscribers;
import news.dispatch.mailer.outbox.Deliveries;
import news.dispatch.mailer.outbox.DeliveryStatus;

import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Counts at a glance: subscribers by status, readers erased, articles, deliveries by status. */
@Tag(name = "Stats")
@RestController
class StatsController {

    private final Subscribers subscribers;
    private final Articles articles;
    private final Deliveries deliveries;

    StatsController(Subscribers subscribers, Articles articles, Deliveries deliveries) {
        this.subscribers = subscribers;
        this.articles = articles;
        this.deliveries = deliveries;
    }

    @GetMapping("/api/admin/stats")
    Stats stats() {
        return new Stats(subscribers.countByStatus(), subscribers.countErased(), articles.count(),
                deliveries.countByStatus(), deliveries.countSentEver());
    }

    /**
     * {@code erased}: readers whose data was erased on request; nothing else of them is left to count.
     * {@code deliveries}: the outbox and its kept history ({@code dispatch.mail.keep-history}), by status;
     * {@code sentEver}: mail sent since the database began, what housekeeping pruned included.
     */
    record Stats(Map<SubscriberStatus, Long> subscribers, long erased, long articles,
                 Map<DeliveryStatus, Long> deliveries, long sentEver) {
    }
}
