package news.dispatch.web.sending;

/**
 * The Sending page's form that makes a DKIM key, as shown: the selector and algorithm to offer (a suggestion, or what
 * was sent), and why it was refused, or {@code null}. Public because the precompiled templates, in another package,
 * read it.
 */
public record KeyForm(String selector, String algorithm, String error) {

    public boolean ed25519() {
        return "ed25519-sha256".equals(algorithm);
    }
}
