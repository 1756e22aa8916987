package news.dispatch.web.tag;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import news.dispatch.core.paging.Page;
import news.dispatch.core.tag.TagKey;
import news.dispatch.core.tag.Tags.Retirement;
import news.dispatch.core.tag.Tags.TagCount;
import news.dispatch.web.page.Links;
import news.dispatch.web.page.Paged;

/**
 * The admin's tags page. Public because the precompiled templates, in another package, read it.
 *
 * @param q          the search as typed, or {@code null}
 * @param page       the tags found, most used first
 * @param aliases    the keys merged into each tag on the page that has any
 * @param duplicates groups of tags that probably mean the same, each most used first
 * @param notice     what the last action did, or {@code null}
 * @param retired    the tags no longer published, latest first, with what their followers are offered
 * @param forms      the merge and retire forms as last sent, with why they were refused, or empty
 */
public record TagList(String q, Page<TagCount> page, Map<TagKey, List<TagKey>> aliases,
                      List<List<TagCount>> duplicates, String notice, List<Retirement> retired, Forms forms)
        implements Paged {

    /**
     * The merge and retire forms as sent, refused beside their fields: a typo should not cost the admin the page.
     * Each error is {@code null} unless that form was refused.
     */
    public record Forms(String mergeKey, String mergeInto, String mergeError, String retireKey, String retireOffer,
                        String retireError) {

        static final Forms EMPTY = new Forms(null, null, null, null, null, null);

        static Forms mergeRefused(String key, String into, String why) {
            return new Forms(key, into, why, null, null, null);
        }

        static Forms retireRefused(String key, String offer, String why) {
            return new Forms(null, null, null, key, offer, why);
        }
    }

    /** How a retired tag's offer reads on the page: {@code #Aviation, #Airbus}, or a dash for none. */
    public static String offerOf(Retirement retirement) {
        return retirement.offer().isEmpty() ? "—"
                : retirement.offer().stream().map(tag -> "#" + tag.label()).collect(Collectors.joining(", "));
    }

    public List<TagKey> aliasesOf(TagCount tag) {
        return aliases.getOrDefault(tag.tag().key(), List.of());
    }

    public String pageLink(int number) {
        return Links.to("/admin/tags", "q", q, "page", number);
    }

    /** The confirmation step of merging one tag into another. */
    public static String mergeLink(TagCount key, TagCount into) {
        return Links.to("/admin/tags/merge", "key", key.tag().key().value(), "into", into.tag().key().value());
    }
}
