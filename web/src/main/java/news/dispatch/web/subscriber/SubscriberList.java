package news.dispatch.web.subscriber;

import java.util.List;
import java.util.Locale;

import news.dispatch.core.paging.Page;
import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.core.subscriber.SubscriberStatus;
import news.dispatch.web.page.Links;
import news.dispatch.web.page.Paged;

/**
 * The Subscribers page: the search as typed, the page of readers it found, and a message. Public because the
 * precompiled templates, in another package, read it.
 *
 * @param filter  the search as typed
 * @param page    the readers found; empty when the search could not be read
 * @param problem why the search could not be read, or {@code null}
 * @param notice  what the last action did, or {@code null}
 */
public record SubscriberList(SubscriberFilter filter, Page<Subscriber> page, String problem, String notice)
        implements Paged {

    /** The orders offered, as {@code value, label} pairs. */
    public static final List<List<String>> SORTS = List.of(List.of("-createdAt", "Newest first"),
            List.of("createdAt", "Oldest first"), List.of("email", "Address A–Z"),
            List.of("-email", "Address Z–A"));

    public SubscriberStatus[] statuses() {
        return SubscriberStatus.values();
    }

    public boolean sortedBy(String value) {
        return value.equals(filter.sort() == null ? "-createdAt" : filter.sort());
    }

    /** The same search, another page. */
    public String pageLink(int number) {
        return Links.to("/admin/subscribers", "q", filter.q(), "status", filter.status(), "tag", filter.tag(),
                "sort", filter.sort(), "page", number);
    }

    /** Where the export of this search's status goes. */
    public String exportLink() {
        return Links.to("/admin/subscribers/export.csv", "status", filter.status());
    }

    /**
     * What the export holds, said on its button: every reader of the search's status, whatever else the search
     * asks (it said "Export CSV" beside a search by tag, and the file held readers the list did not show).
     */
    public String exportLabel() {
        return filter.status() == null ? "Export everyone (CSV)"
                : "Export every " + filter.status().toUpperCase(Locale.ROOT) + " reader (CSV)";
    }
}
