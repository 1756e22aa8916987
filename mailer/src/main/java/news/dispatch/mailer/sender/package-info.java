/**
 * The sender's identity: From, the sending domain, the return path and its per-email tags, the List-Ids.
 */
package news.dispatch.mailer.sender;
