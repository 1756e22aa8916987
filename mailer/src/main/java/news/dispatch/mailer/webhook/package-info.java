/**
 * Webhooks: endpoints admins register for events, and the signed calls that tell them. A call is written in the
 * transaction of the change that causes it, into {@code webhook_call}, a sibling of the outbox's {@code delivery}
 * table claimed the same way (a lease, {@code SKIP LOCKED}, backoff, a doorbell rung after commit), and made by
 * workers after commit, in order per reader and endpoint.
 */
package news.dispatch.mailer.webhook;
