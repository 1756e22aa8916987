package news.dispatch.mailer.outbox;

/**
 * A delivery failed for good: refused, given up after retrying, or dropped because its reader left. Announced inside
 * the transaction that marks it {@code FAILED}, so what a listener writes commits with it.
 *
 * @param deliveryId   the delivery
 * @param kind         its kind ({@code DIGEST}, {@code ALERT} …)
 * @param subscriberId its reader, or {@code null} when they are gone
 * @param reason       why, as the delivery's {@code lastError} says it
 */
public record DeliveryFailed(long deliveryId, String kind, Long subscriberId, String reason) {
}
