/**
 * DKIM: signing every email as it is written (relaxed/relaxed, rsa-sha256 and ed25519-sha256), the keys and their
 * rotation under new selectors, {@code dispatch.mail.dkim.*}.
 */
package news.dispatch.mailer.dkim;
