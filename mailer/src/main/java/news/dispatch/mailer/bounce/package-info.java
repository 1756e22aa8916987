/**
 * What comes back to the return path: bounces, complaints and mailto unsubscribes, read from the bounces mailbox,
 * recognised ({@link news.dispatch.mailer.bounce.ReturnedMail}), and acted on once
 * ({@link news.dispatch.mailer.bounce.Bounces}): readers suspended or unsubscribed, addresses suppressed.
 */
package news.dispatch.mailer.bounce;
