/**
 * Quartz jobs on the JDBC job store that pick each due reader's new matching stories and hand digests to the
 * mailer's outbox. Depends on {@code mailer} and {@code core}.
 */
package news.dispatch.scheduler;
