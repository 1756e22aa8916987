/**
 * Jobs that keep the database to what Dispatch needs: sign-ups nobody confirmed, links that expired.
 */
package news.dispatch.scheduler.housekeeping;
