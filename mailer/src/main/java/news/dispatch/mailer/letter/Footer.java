package news.dispatch.mailer.letter;

/** The end of every email to a reader: why they get it, and the links to change or stop it. */
public record Footer(String reason, String preferencesUrl, String unsubscribeUrl) {
}
