package news.dispatch.mailer.alert;

import java.util.List;

import news.dispatch.core.tag.Tag;
import news.dispatch.mailer.letter.Email;

/**
 * What sending an article's alert now would do, worked out without sending anything.
 *
 * @param recipients   readers it would be queued for
 * @param byTag        for each of the story's tags, how many of them follow it (a reader who follows two counts under
 *                     both)
 * @param afterQuiet   of the recipients, those who get it only when their quiet hours end
 * @param overCap      readers left out because they had their daily cap of alerts; the story stays for their digest
 * @param hadInDigest  readers left out because they had the story in a digest already: one story, one email
 * @param email        the alert as a reader gets it, written for a sample reader under a stand-in address, so that no
 *                     reader's address or working links show
 * @param alreadySent  the article's alert when it was sent before (a new request sends nothing); else {@code null}
 */
public record AlertPreview(int recipients, List<TagReach> byTag, int afterQuiet, int overCap, int hadInDigest,
                           Email email, Alert alreadySent) {

    public AlertPreview {
        byTag = List.copyOf(byTag);
    }

    /** How many recipients follow one of the story's tags. */
    public record TagReach(Tag tag, int readers) {
    }
}
