/**
 * What the log may hold: no reader's address, whoever writes the line.
 */
package news.dispatch.web.logging;
