/**
 * Stories over time: corrections that reach exactly the readers who were sent a story (at the top of their next
 * digest, or at once for those who read as it happens), and follow-ups that reach the readers of the story they
 * develop, or who asked to follow it, whatever their tags.
 */
package news.dispatch.mailer.story;
