/**
 * Breaking-news alerts: one story, mailed at once to every ACTIVE reader with alerts on who follows one of its tags,
 * once per story however often it is asked for, within each reader's daily cap and after their quiet hours.
 */
package news.dispatch.mailer.alert;
