package news.dispatch.mailer.outbox;

/**
 * Hears of a reader's address that the receiving server refused for good as mail was sent to it: a bounce told at
 * once rather than mailed back later, which the return path's reader acts on as on any hard bounce.
 */
public interface RefusedAddresses {

    /**
     * @param messageId the Message-ID of the mail refused, which names its delivery
     * @param status    the reply's status ({@code 5.1.1})
     * @param reply     the server's reply, in one line
     */
    void refused(String messageId, String status, String reply);
}
