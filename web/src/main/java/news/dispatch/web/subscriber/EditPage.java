package news.dispatch.web.subscriber;

import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.web.reader.FormPage;

/**
 * The form that edits a reader's choices: the readers' own form, as the admin sees it. Public because the
 * precompiled templates, in another package, read it.
 */
public record EditPage(Subscriber reader, FormPage form) {
}
