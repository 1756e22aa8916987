package news.dispatch.mailer.letter;

/** The end of every email to a reader: why they get it, and the links to change, pause or stop it. */
public record Footer(String reason, String preferencesUrl, String unsubscribeUrl) {

    /** Where the reader pauses their mail: the pause section of their preferences page. */
    public String pauseUrl() {
        return preferencesUrl + "#pause";
    }
}
