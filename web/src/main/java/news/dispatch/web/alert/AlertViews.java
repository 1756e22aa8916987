package news.dispatch.web.alert;

import news.dispatch.core.article.Article;
import news.dispatch.core.paging.Page;
import news.dispatch.mailer.alert.Alert;
import news.dispatch.mailer.alert.AlertPreview;

/**
 * What the editors' alert pages show, one record per page, public because the precompiled templates (in another
 * package) read them.
 */
public final class AlertViews {

    private AlertViews() {
    }

    /**
     * The step before sending an alert: whom it reaches, by tag, and the email.
     *
     * @param embargoed whether the article's publication time is still ahead, so that it cannot be sent yet
     */
    public record AlertConfirmation(Article article, AlertPreview preview, boolean embargoed) {
    }

    /** Every alert sent, newest first. */
    public record AlertList(Page<Alert> alerts) {

        public boolean hasPrevious() {
            return alerts.page() > 0;
        }

        public boolean hasNext() {
            return (long) (alerts.page() + 1) * alerts.size() < alerts.total();
        }
    }
}
