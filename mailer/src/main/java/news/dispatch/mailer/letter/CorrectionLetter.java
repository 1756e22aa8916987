package news.dispatch.mailer.letter;

import java.util.List;

/** Corrections sent at once, to a reader who reads as it happens. */
public record CorrectionLetter(String heading, List<CorrectionNote> corrections, Footer footer) {
}
