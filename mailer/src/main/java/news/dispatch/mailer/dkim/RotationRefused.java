package news.dispatch.mailer.dkim;

/** A step of a key's rotation that its state, or the configuration, does not allow; the message says why. */
public class RotationRefused extends RuntimeException {

    public RotationRefused(String message) {
        super(message);
    }
}
