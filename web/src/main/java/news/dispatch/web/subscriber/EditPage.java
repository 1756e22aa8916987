package news.dispatch.web.subscriber;

import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.core.tag.Tag;
import news.dispatch.web.reader.FormPage;

/**
 * The form that edits a reader's choices: the readers' own form, as the admin sees it, and when their mail comes.
 * Public because the precompiled templates, in another package, read it.
 */
public record EditPage(Subscriber reader, FormPage form, MailTimes times) {

    /** The field of the tag's own rhythm, and its value: a rhythm's name, or empty for the reader's frequency. */
    public String rhythmField(Tag tag) {
        return MailTimes.RHYTHM + tag.key().value();
    }

    public String rhythm(Tag tag) {
        return times.field(rhythmField(tag));
    }

    /** The first quiet hour as the form holds it: an hour, or empty for none. */
    public String quietFrom() {
        return times.field(MailTimes.QUIET_FROM);
    }

    public String quietUntil() {
        return times.field(MailTimes.QUIET_UNTIL);
    }

    /** The pause's last day as the form holds it ({@code 2026-08-31}), or empty for none. */
    public String pausedUntil() {
        return times.field(MailTimes.PAUSED_UNTIL);
    }
}
