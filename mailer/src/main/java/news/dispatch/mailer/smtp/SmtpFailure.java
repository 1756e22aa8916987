package news.dispatch.mailer.smtp;

/**
 * A message the SMTP server did not take. {@code permanent} when it answered 5xx (the address or the message is
 * refused and trying again will not help); otherwise it may work later: 4xx, timeouts, no connection.
 */
public class SmtpFailure extends Exception {

    private final boolean permanent;

    public SmtpFailure(String reply, boolean permanent, Throwable cause) {
        super(reply, cause);
        this.permanent = permanent;
    }

    public boolean permanent() {
        return permanent;
    }
}
