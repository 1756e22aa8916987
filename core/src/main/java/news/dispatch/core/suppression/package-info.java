/**
 * The suppression list: addresses that get no email of any kind, because they bounced, complained, or an admin
 * said so.
 */
package news.dispatch.core.suppression;
