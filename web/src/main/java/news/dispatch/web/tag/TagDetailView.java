package news.dispatch.web.tag;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import news.dispatch.core.tag.TagKey;
import news.dispatch.core.tag.Tags.TagDetail;

/**
 * A tag as {@code GET /api/admin/tags/{key}} shows it. A retired tag adds {@code "retired": true} and the tags its
 * followers are offered instead ({@code offer}); a published one shows neither, as it did before tags could retire.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record TagDetailView(String key, String label, List<String> aliases, long stories, long followers, Boolean retired,
                     List<String> offer) {

    static TagDetailView of(TagDetail tag) {
        return new TagDetailView(tag.tag().key().value(), tag.tag().label(),
                tag.aliases().stream().map(TagKey::value).toList(), tag.stories(), tag.followers(),
                tag.retirement() == null ? null : true, tag.retirement() == null ? null
                        : tag.retirement().offer().stream().map(offered -> offered.key().value()).toList());
    }
}
