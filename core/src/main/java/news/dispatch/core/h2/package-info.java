/**
 * The embedded H2 database's file: found behind a connection, and kept about the size of its live data.
 */
package news.dispatch.core.h2;
