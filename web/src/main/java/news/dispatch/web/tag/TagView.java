package news.dispatch.web.tag;

import com.fasterxml.jackson.annotation.JsonInclude;

import news.dispatch.core.tag.Tags.TagCount;

/** A tag in {@code GET /api/tags}: {@code followers} only for staff, left out for everyone else. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record TagView(String key, String label, long stories, Long followers) {

    static TagView of(TagCount count, boolean staff) {
        return new TagView(count.tag().key().value(), count.tag().label(), count.stories(),
                staff ? count.followers() : null);
    }
}
