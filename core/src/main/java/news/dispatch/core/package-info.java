/**
 * Dispatch's domain: articles and their tags, subscribers and the tags they follow, and the tokens that
 * stand in for a reader's identity in links. Knows no HTTP, SMTP or Quartz.
 */
package news.dispatch.core;
