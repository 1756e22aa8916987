package news.dispatch.mailer.letter;

import java.util.List;

/** Asks a new reader to confirm their address. Nobody is subscribed until they click. */
public record ConfirmationLetter(String confirmUrl, List<String> tags, String frequency, String expiresIn,
                                String startAgainUrl) {
}
