package news.dispatch.web.suppression;

import news.dispatch.core.paging.Page;
import news.dispatch.core.suppression.Suppression;
import news.dispatch.web.page.FieldErrors;
import news.dispatch.web.page.Links;
import news.dispatch.web.page.Paged;

/**
 * The suppression list page. Public because the precompiled templates, in another package, read it.
 *
 * @param q       the search as typed, or {@code null}
 * @param page    the addresses found, newest first
 * @param notice  what the last action did, or {@code null}
 * @param problem that the last form was refused, or {@code null}
 * @param errors  why, under each field refused
 * @param email   the address typed into the form, to show it back
 * @param detail  the note typed into the form, to show it back
 */
public record SuppressionList(String q, Page<Suppression> page, String notice, String problem, FieldErrors errors,
                              String email, String detail) implements Paged {

    public String pageLink(int number) {
        return Links.to("/admin/suppressions", "q", q, "page", number);
    }

    public static String liftLink(Suppression suppression) {
        return Links.to("/admin/suppressions/lift", "email", suppression.email());
    }
}
