package news.dispatch.mailer.smtp;

/**
 * A message the SMTP server did not take. {@code permanent} when it answered 5xx (the address or the message is
 * refused and trying again will not help); otherwise it may work later: 4xx, timeouts, no connection.
 * {@code unanswered} when no reply came at all (no connection, a timeout, a dropped connection) or the server said it
 * is closing ({@code 421}): the next message would most likely meet the same.
 */
public class SmtpFailure extends Exception {

    private final boolean permanent;
    private final boolean unanswered;

    public SmtpFailure(String reply, boolean permanent, boolean unanswered, Throwable cause) {
        super(reply, cause);
        this.permanent = permanent;
        this.unanswered = unanswered;
    }

    public boolean permanent() {
        return permanent;
    }

    public boolean unanswered() {
        return unanswered;
    }
}
