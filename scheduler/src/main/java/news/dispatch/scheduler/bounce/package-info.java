/**
 * Reads the bounces mailbox every {@code dispatch.bounces.interval}, once across a cluster.
 */
package news.dispatch.scheduler.bounce;
