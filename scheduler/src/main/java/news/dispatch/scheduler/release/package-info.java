/**
 * Stories under embargo, announced when their time comes rather than when they are stored.
 */
package news.dispatch.scheduler.release;
