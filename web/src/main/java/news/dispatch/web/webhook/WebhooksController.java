package news.dispatch.web.webhook;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import news.dispatch.core.paging.Page;
import news.dispatch.core.paging.PageRequest;
import news.dispatch.mailer.webhook.Webhooks;
import news.dispatch.mailer.webhook.Webhooks.Attempt;
import news.dispatch.mailer.webhook.Webhooks.Call;
import news.dispatch.mailer.webhook.Webhooks.Endpoint;
import news.dispatch.mailer.webhook.Webhooks.Registered;
import news.dispatch.web.problem.NotFound;

import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Admins register webhook endpoints (seeing each secret once), list and remove them, rotate their secrets, and read
 * what each call got back.
 */
@Tag(name = "Webhooks")
@RestController
@RequestMapping("/api/admin/webhooks")
class WebhooksController {

    private final Webhooks webhooks;

    WebhooksController(Webhooks webhooks) {
        this.webhooks = webhooks;
    }

    @ApiResponse(responseCode = "201", description = "Registered; the secret is in this answer only.")
    @PostMapping
    ResponseEntity<NewWebhook> register(@RequestBody WebhookRequest request) {
        Registered registered = webhooks.register(request.url(), request.events());
        return ResponseEntity.created(URI.create("/api/admin/webhooks/" + registered.endpoint().id()))
                .body(NewWebhook.of(registered));
    }

    /** The endpoints, oldest first, a page at a time as every list of the API. */
    @GetMapping
    Page<WebhookView> list(@RequestParam(defaultValue = "0") int page,
                           @RequestParam(defaultValue = "" + PageRequest.DEFAULT_SIZE) int size) {
        PageRequest request = new PageRequest(page, size);
        List<Endpoint> endpoints = webhooks.list();
        List<WebhookView> shown = endpoints.stream().skip(request.offset()).limit(request.size())
                .map(WebhookView::of).toList();
        return Page.of(shown, request, endpoints.size());
    }

    @GetMapping("/{id}")
    WebhookView get(@PathVariable long id) {
        return webhooks.find(id).map(WebhookView::of).orElseThrow(() -> unknown(id));
    }

    /** Removes the endpoint; what was queued for it is not called. */
    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void remove(@PathVariable long id) {
        if (!webhooks.remove(id)) {
            throw unknown(id);
        }
    }

    /** A new secret, shown this once; the old one still signs, beside it, for the overlap. */
    @PostMapping("/{id}/secret")
    NewWebhook rotate(@PathVariable long id) {
        return webhooks.rotateSecret(id).map(NewWebhook::of).orElseThrow(() -> unknown(id));
    }

    /** The endpoint's calls, newest first, each with every attempt and what the receiver answered. */
    @GetMapping("/{id}/deliveries")
    Page<CallView> deliveries(@PathVariable long id, @RequestParam(defaultValue = "0") int page,
                              @RequestParam(defaultValue = "" + PageRequest.DEFAULT_SIZE) int size) {
        PageRequest request = new PageRequest(page, size);
        if (webhooks.find(id).isEmpty()) {
            throw unknown(id);
        }
        return webhooks.calls(id, request).map(CallView::of);
    }

    /** Queues a call that is done with again, with the same {@code webhook-id}. */
    @PostMapping("/{id}/deliveries/{callId}/resend")
    @ResponseStatus(HttpStatus.ACCEPTED)
    void resend(@PathVariable long id, @PathVariable long callId) {
        if (!webhooks.resend(id, callId)) {
            throw new NotFound("Webhook " + id + " has no finished call " + callId + ".");
        }
    }

    private static NotFound unknown(long id) {
        return new NotFound("There is no webhook " + id + ".");
    }

    /**
     * @param url    where to POST the events (http or https, a public host unless an admin allowed it, a port from 1
     *               to 65535 if any, at most 2,000 characters)
     * @param events the event types to send, such as {@code subscriber.confirmed}
     */
    record WebhookRequest(String url, List<String> events) {
    }

    /** An endpoint as the API shows it: never its secret. */
    record WebhookView(long id, String url, List<String> events, Instant createdAt,
                       @Nullable Instant previousSecretUntil) {

        static WebhookView of(Endpoint endpoint) {
            return new WebhookView(endpoint.id(), endpoint.url(), endpoint.eventNames(), endpoint.createdAt(),
                    endpoint.previousSecretUntil());
        }
    }

    /** An endpoint just registered, or its secret just rotated: the only answer that holds the secret. */
    record NewWebhook(long id, String url, List<String> events, String secret, @Nullable Instant previousSecretUntil) {

        static NewWebhook of(Registered registered) {
            Endpoint endpoint = registered.endpoint();
            return new NewWebhook(endpoint.id(), endpoint.url(), endpoint.eventNames(), registered.secret(),
                    endpoint.previousSecretUntil());
        }
    }

    /** One event to the endpoint: its {@code webhook-id}, where it stands, and each attempt. */
    record CallView(long id, String webhookId, String type, String status, int attempts, @Nullable String lastError,
                    Instant createdAt, @Nullable Instant sentAt, List<AttemptView> tries) {

        static CallView of(Call call) {
            return new CallView(call.id(), call.messageId(), call.type(), call.status(), call.attempts(),
                    call.lastError(), call.createdAt(), call.sentAt(),
                    call.tries().stream().map(AttemptView::of).toList());
        }
    }

    /** What one attempt got: the receiver's HTTP status and the start of its answer, or why there was none. */
    record AttemptView(Instant at, @Nullable Integer status, @Nullable String answer, long latencyMillis,
                       @Nullable String error) {

        static AttemptView of(Attempt attempt) {
            return new AttemptView(attempt.at(), attempt.httpStatus(), attempt.answer(), attempt.latencyMillis(),
                    attempt.error());
        }
    }
}
