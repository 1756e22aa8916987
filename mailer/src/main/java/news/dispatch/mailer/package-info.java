/**
 * Turns "this reader should get this content" into emails that arrive once: JTE rendering, the durable outbox
 * and SMTP delivery. Depends on {@code core} only.
 */
package news.dispatch.mailer;
