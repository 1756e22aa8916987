package news.dispatch.mailer.smtp;

/**
 * The server's answer to a message whose end of data is on the wire: over a pipelining connection it is read while
 * the next message's envelope goes out, so {@link SmtpConnection#send} answers before it is known. The message is
 * accepted only once {@link #settle} returns; a crash before that must count it as not sent.
 */
public final class PendingReply {

    private final SmtpConnection connection;
    private boolean settled;
    private SmtpFailure failure;

    PendingReply(SmtpConnection connection) {
        this.connection = connection;
    }

    /** An answer known already: the server took the message, or {@code failure} says why not. */
    static PendingReply settled(SmtpFailure failure) {
        PendingReply reply = new PendingReply(null);
        reply.settle(failure);
        return reply;
    }

    /**
     * Reads the server's answer to the message if it was not read yet, and returns when the server accepted it.
     *
     * @throws SmtpFailure the server refused the message, or gave no answer (then nothing says it was taken)
     */
    public void settle() throws SmtpFailure {
        if (!settled) {
            connection.settle(this);
        }
        if (failure != null) {
            throw failure;
        }
    }

    void settle(SmtpFailure outcome) {
        settled = true;
        failure = outcome;
    }
}
