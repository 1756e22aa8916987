package news.dispatch.web.webhook;

import java.util.List;

import news.dispatch.mailer.webhook.Webhooks.Call;
import news.dispatch.mailer.webhook.Webhooks.Endpoint;

/**
 * One endpoint's page: its latest calls with every attempt. Public because the precompiled templates read it.
 *
 * @param notice what the last action did, or {@code null}
 * @param secret a secret just rotated in, shown this once; otherwise {@code null}
 */
public record WebhookDetail(Endpoint endpoint, List<Call> calls, String notice, String secret) {

    public WebhookDetail {
        calls = List.copyOf(calls);
    }
}
