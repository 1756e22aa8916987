package news.dispatch.web.suppression;

import news.dispatch.core.paging.Page;
import news.dispatch.mailer.bounce.BounceMailbox.MailboxRead;
import news.dispatch.mailer.bounce.ReturnedMessage;
import news.dispatch.mailer.bounce.Verdict;
import news.dispatch.web.page.Links;
import news.dispatch.web.page.Paged;

/**
 * The page of what the bounces mailbox held: every message read, acted on or ignored, and why. Public because the
 * precompiled templates, in another package, read it.
 *
 * @param verdict    the verdict filter as typed, or {@code null}
 * @param page       the messages, newest first
 * @param configured whether a mailbox is read at all
 * @param lastRead   this node's last read of it, or {@code null}
 */
public record ReturnedList(String verdict, Page<ReturnedMessage> page, boolean configured, MailboxRead lastRead)
        implements Paged {

    public Verdict[] verdicts() {
        return Verdict.values();
    }

    public String pageLink(int number) {
        return Links.to("/admin/bounces", "verdict", verdict, "page", number);
    }
}
