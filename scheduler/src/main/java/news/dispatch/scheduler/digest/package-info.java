/**
 * Digests: when each reader's is due (their hour, in their zone, per period), which new stories it holds (their
 * tags, since their previous digest, each once), and handing it to the outbox exactly once per period. The public
 * face is {@link news.dispatch.scheduler.digest.Digests} and its settings
 * {@link news.dispatch.scheduler.digest.DigestSettings}.
 */
package news.dispatch.scheduler.digest;
