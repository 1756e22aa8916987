package news.dispatch.web.webhook;

import java.util.List;

import news.dispatch.mailer.webhook.EventType;
import news.dispatch.mailer.webhook.Webhooks.Endpoint;
import news.dispatch.web.page.FieldErrors;

/**
 * The webhooks page. Public because the precompiled templates, in another package, read it.
 *
 * @param endpoints every endpoint, oldest first
 * @param notice    what the last action did, or {@code null}
 * @param problem   that the last form was refused, or {@code null}
 * @param errors    why, under each field refused
 * @param secret    the secret of the endpoint just registered, shown this once; otherwise {@code null}
 * @param made      the endpoint just registered, or {@code null}
 * @param url       the URL typed into the form, to show it back
 * @param chosen    the events ticked in the form
 */
public record WebhookList(List<Endpoint> endpoints, String notice, String problem, FieldErrors errors,
                          String secret, Endpoint made, String url, List<String> chosen) {

    public WebhookList {
        endpoints = List.copyOf(endpoints);
        chosen = List.copyOf(chosen);
    }

    public EventType[] events() {
        return EventType.values();
    }
}
