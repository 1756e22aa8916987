/**
 * Jobs that keep the database to what Dispatch needs: sign-ups nobody confirmed, links that expired,
 * the history of mail sent long ago.
 */
package news.dispatch.scheduler.housekeeping;
