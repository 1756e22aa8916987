package news.dispatch.web.tag;

import java.util.List;

import news.dispatch.core.tag.TagKey;
import news.dispatch.core.tag.Tags.TagDetail;

/** A tag as {@code GET /api/admin/tags/{key}} shows it. */
record TagDetailView(String key, String label, List<String> aliases, long stories, long followers) {

    static TagDetailView of(TagDetail tag) {
        return new TagDetailView(tag.tag().key().value(), tag.tag().label(),
                tag.aliases().stream().map(TagKey::value).toList(), tag.stories(), tag.followers());
    }
}
