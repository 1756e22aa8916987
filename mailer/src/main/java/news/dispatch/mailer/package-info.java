/**
 * Turns "this reader should get this content" into emails that arrive once: JTE rendering, the durable outbox
 * and SMTP delivery. It also holds readers' subscriptions (sign-up by double opt-in, preferences, unsubscribing),
 * because each of those changes queues its mail in the same transaction, and {@code core} knows no outbox.
 * Depends on {@code core} only.
 */
package news.dispatch.mailer;
