package news.dispatch.mailer.webhook;

import java.net.URI;
import java.time.Instant;

/** A call a worker holds under a lease, with what it needs to sign and make it. */
record ClaimedCall(long id, long webhookId, String messageId, String body, String claim, int attempts,
                   Instant queuedAt, URI url, String secret, String previousSecret, Instant previousUntil) {

    /**
     * The {@code webhook-signature} header: the current secret's signature, and during a rotation's overlap the
     * previous one's too, space-separated, as the specification allows, so a receiver holding either key verifies.
     */
    String signature(long timestamp, Instant now) {
        String current = Signature.sign(secret, messageId, timestamp, body);
        return previousSecret == null || previousUntil == null || !previousUntil.isAfter(now) ? current
                : current + " " + Signature.sign(previousSecret, messageId, timestamp, body);
    }
}
