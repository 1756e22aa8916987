package news.dispatch.web.tag;

import java.util.List;

import news.dispatch.core.tag.TagKey;
import news.dispatch.core.tag.Tags.TagDetail;

/**
 * A tag as {@code GET /api/admin/tags/{key}} shows it; {@code retired} once it is no longer published, with the tags its
 * followers are offered instead ({@code offer}, empty while it is published).
 */
record TagDetailView(String key, String label, List<String> aliases, long stories, long followers, boolean retired,
                     List<String> offer) {

    static TagDetailView of(TagDetail tag) {
        return new TagDetailView(tag.tag().key().value(), tag.tag().label(),
                tag.aliases().stream().map(TagKey::value).toList(), tag.stories(), tag.followers(),
                tag.retirement() != null, tag.retirement() == null ? List.of()
                        : tag.retirement().offer().stream().map(offered -> offered.key().value()).toList());
    }
}
