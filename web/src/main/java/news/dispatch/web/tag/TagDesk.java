package news.dispatch.web.tag;

import java.util.ArrayList;
import java.util.List;

import news.dispatch.core.InvalidInput;
import news.dispatch.core.tag.MergeRefused;
import news.dispatch.core.tag.RetireRefused;
import news.dispatch.core.tag.TagKey;
import news.dispatch.core.tag.TagNotFound;
import news.dispatch.core.tag.Tags;
import news.dispatch.core.tag.Tags.TagDetail;
import news.dispatch.web.problem.Conflict;
import news.dispatch.web.problem.NotFound;

import org.springframework.stereotype.Component;

/**
 * The admin's tag work in the web's words, shared by the API and the tags page: the tag in the address is a 404 when
 * unknown; the one to merge into is a rejected field {@code into}, the ones to offer instead of a retired tag
 * {@code offer}; a merge or retirement that cannot be is a 409.
 */
@Component
class TagDesk {

    private final Tags tags;

    TagDesk(Tags tags) {
        this.tags = tags;
    }

    TagDetail find(String key) {
        TagKey asked = inAddress(key);
        return tags.find(asked).orElseThrow(() -> new NotFound(new TagNotFound(asked).getMessage()));
    }

    TagDetail relabel(String key, String label) {
        if (label == null) {
            throw new InvalidInput("label", "Give the label, the tag as it should be written.");
        }
        TagKey asked = inAddress(key);
        try {
            return tags.relabel(asked, label);
        } catch (TagNotFound unknown) {
            throw new NotFound(unknown.getMessage());
        }
    }

    TagDetail merge(String key, String into) {
        TagKey asked = inAddress(key);
        if (into == null || into.isBlank()) {
            throw new InvalidInput("into", "Give the tag to merge #" + asked.value() + " into.");
        }
        TagKey target;
        try {
            target = TagKey.of(into);
        } catch (InvalidInput notAKey) {
            throw new InvalidInput("into", notAKey.getMessage());
        }
        try {
            return tags.merge(asked, target);
        } catch (TagNotFound unknown) {
            if (unknown.key().equals(asked)) {
                throw new NotFound(unknown.getMessage());
            }
            throw new InvalidInput("into", unknown.getMessage() + " A tag is merged into one that exists.");
        } catch (MergeRefused refused) {
            throw new Conflict(refused.getMessage());
        }
    }

    /**
     * Retires the tag, offering its followers {@code offer} instead ({@code null}: the tags Dispatch suggests). An
     * alias, or a tag retired already, is a 409; an offered tag that is unknown, retired or this one is a rejected
     * field {@code offer}.
     */
    TagDetail retire(String key, List<String> offer) {
        TagKey asked = inAddress(key);
        List<TagKey> offered = null;
        if (offer != null) {
            offered = new ArrayList<>(offer.size());
            for (String written : offer) {
                try {
                    offered.add(TagKey.of(written));
                } catch (InvalidInput notAKey) {
                    throw new InvalidInput("offer", notAKey.getMessage());
                }
            }
        }
        try {
            return tags.retire(asked, offered);
        } catch (TagNotFound unknown) {
            throw new NotFound(unknown.getMessage());
        } catch (RetireRefused refused) {
            throw new Conflict(refused.getMessage());
        }
    }

    /** A key in an address that is no tag key at all names no tag. */
    private static TagKey inAddress(String key) {
        try {
            return TagKey.of(key);
        } catch (InvalidInput notAKey) {
            throw new NotFound("There is no tag " + key + ".");
        }
    }
}
