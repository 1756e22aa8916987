package news.dispatch.mailer.webhook;

import java.util.LinkedHashMap;
import java.util.Map;

import news.dispatch.core.article.Article;
import news.dispatch.core.article.ArticlePublished;
import news.dispatch.core.tag.Tag;
import news.dispatch.mailer.outbox.DeliveryFailed;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Events of modules that know no webhooks ({@code core}, the outbox), heard synchronously, inside the transaction
 * that announced them: the call commits or rolls back with the change.
 */
@Component
class Announcements {

    private final Webhooks webhooks;

    Announcements(Webhooks webhooks) {
        this.webhooks = webhooks;
    }

    @EventListener
    void published(ArticlePublished event) {
        Article article = event.article();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", article.id());
        data.put("title", article.title());
        data.put("url", article.url() == null ? null : article.url().toString());
        data.put("author", article.author());
        data.put("publishedAt", article.publishedAt().toString());
        data.put("tags", Webhooks.keys(article.tags()));
        data.put("tagLabels", article.tags().stream().map(Tag::label).toList());
        webhooks.announce(EventType.ARTICLE_PUBLISHED, null, data);
    }

    @EventListener
    void failed(DeliveryFailed event) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("deliveryId", event.deliveryId());
        data.put("kind", event.kind());
        data.put("subscriberId", event.subscriberId());
        data.put("reason", event.reason());
        webhooks.announce(EventType.DELIVERY_FAILED, event.subscriberId(), data);
    }
}
