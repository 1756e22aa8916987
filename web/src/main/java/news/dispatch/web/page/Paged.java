package news.dispatch.web.page;

import news.dispatch.core.paging.Page;

/** A list page's pager: whether there are pages before and after, and how many in all. Public for the templates. */
public interface Paged {

    Page<?> page();

    default boolean hasPrevious() {
        return page().page() > 0;
    }

    default boolean hasNext() {
        return (long) (page().page() + 1) * page().size() < page().total();
    }

    default long lastPage() {
        return Math.max(1, (page().total() + page().size() - 1) / page().size());
    }
}
