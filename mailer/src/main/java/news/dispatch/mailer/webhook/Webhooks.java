package news.dispatch.mailer.webhook;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import news.dispatch.core.InvalidInput;
import news.dispatch.core.paging.Page;
import news.dispatch.core.paging.PageRequest;
import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.core.tag.Tag;

/**
 * The endpoints admins register and what Dispatch tells them. {@link #announce} joins the caller's transaction, so a
 * call exists exactly when the change that causes it is committed; workers make it after commit, never inside it.
 */
public interface Webhooks {

    /**
     * Queues the event for every endpoint that listens to its type, in one {@code insert … select}.
     *
     * @param subscriberId the reader it is about, whose events reach each endpoint in the order they were announced;
     *                     {@code null} for an event about no reader
     * @param data         the event's {@code data}; never a reader's link tokens
     * @return how many calls were queued
     */
    int announce(EventType type, Long subscriberId, Map<String, Object> data);

    /**
     * Takes the reader out of every call about them, because their data is being erased: the calls that are done with
     * (sent, or failed for good) are deleted with their attempts; those still to make stay, as the receiver is still
     * owed them in order, but their {@code data} keeps only ids ({@code {"id"}} for a reader's event, as
     * {@code subscriber.erased} says it) and their attempts lose the receiver's answers, which may quote the body.
     * Call it in the transaction that erases the reader, before announcing {@code subscriber.erased}.
     *
     * @return how many calls were deleted or cut down
     */
    int forget(long subscriberId);

    /**
     * Registers an endpoint with a new secret.
     *
     * @throws news.dispatch.core.InvalidInput on {@code url} when it is no http(s) URL, is over 2,000 characters,
     *                                         names a port outside 1-65535 or a host that is not public and not
     *                                         allowed, on {@code events} when none or an unknown one is given
     */
    Registered register(String url, List<String> events);

    /**
     * What {@link #register} refuses in these fields: the first refusal of each, {@code url} then {@code events},
     * so that a form can mark every field at fault at once; empty when it would take them.
     */
    List<InvalidInput> refusals(String url, List<String> events);

    /** Every endpoint, oldest first. */
    List<Endpoint> list();

    Optional<Endpoint> find(long id);

    /** Removes the endpoint and what is queued for it. */
    boolean remove(long id);

    /** A new secret for the endpoint; the old one signs too for {@code dispatch.webhooks.secret-overlap}. */
    Optional<Registered> rotateSecret(long id);

    /** A page of the endpoint's calls, newest first, each with its attempts. */
    Page<Call> calls(long webhookId, PageRequest page);

    /** Queues a call that is done with (sent or failed) again, with the same {@code webhook-id}. */
    boolean resend(long webhookId, long callId);

    /**
     * What an event about a reader says of them: id, address, status and followed tags (keys, as the API answers
     * them, and {@code tagLabels} as first written); never their link tokens.
     */
    static Map<String, Object> about(Subscriber reader) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", reader.id());
        data.put("email", reader.email().value());
        data.put("status", reader.status().name());
        data.put("tags", keys(reader.preferences().tags()));
        data.put("tagLabels", reader.preferences().tags().stream().map(Tag::label).toList());
        return data;
    }

    /** Tags as every answer of the API names them: by key. */
    static List<String> keys(List<Tag> tags) {
        return tags.stream().map(tag -> tag.key().value()).toList();
    }

    /**
     * {@link #about} with why a reader was suspended or left: {@code admin}, {@code bounce}, {@code complaint} or
     * {@code reader} (their own unsubscribe link).
     */
    static Map<String, Object> about(Subscriber reader, String reason) {
        Map<String, Object> data = about(reader);
        data.put("reason", reason);
        return data;
    }

    /** An endpoint, without its secret. */
    record Endpoint(long id, String url, Set<EventType> events, Instant createdAt, Instant previousSecretUntil) {

        public Endpoint {
            events = Set.copyOf(events);
        }

        public List<String> eventNames() {
            return events.stream().sorted().map(EventType::type).toList();
        }
    }

    /** An endpoint just registered or given a new secret: the only answer that holds the secret. */
    record Registered(Endpoint endpoint, String secret) {
    }

    /**
     * One event to one endpoint.
     *
     * @param messageId its {@code webhook-id}, the same on every attempt
     * @param status    {@code QUEUED}, {@code SENDING}, {@code SENT}, {@code RETRYING} or {@code FAILED}
     */
    record Call(long id, String messageId, String type, String status, int attempts, String lastError,
                Instant createdAt, Instant sentAt, String body, List<Attempt> tries) {

        public Call {
            tries = List.copyOf(tries);
        }

        public boolean done() {
            return "SENT".equals(status) || "FAILED".equals(status);
        }
    }

    /**
     * One try of a call: what the receiver answered ({@code httpStatus} and the start of its body) and how long it
     * took, or why there was no answer.
     */
    record Attempt(Instant at, Integer httpStatus, String answer, long latencyMillis, String error) {
    }
}
