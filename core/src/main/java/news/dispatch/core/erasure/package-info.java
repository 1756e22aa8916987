/**
 * Erased means gone from the data directory, not only from the tables: the database's file is rewritten without
 * what readers' deletions left in it.
 */
package news.dispatch.core.erasure;
