package news.dispatch.core.tag;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import news.dispatch.core.paging.Page;
import news.dispatch.core.paging.PageRequest;

/**
 * Every tag Dispatch has seen, each with the form it was first written in. A tag merged into another stays as its
 * alias: from then on whatever names it gets the tag it was merged into.
 */
public interface Tags {

    /**
     * Records the tags that are new and answers all of them in their first-written form, in the order given,
     * without repeats; an alias is answered as the tag it stands for. A retired tag is left out: it takes no new story.
     */
    List<Tag> register(Collection<Tag> tags);

    /**
     * Registers a reader's tags as {@link #register} does, in the reader's transaction; a retired tag among
     * {@code followed}, the tags the reader follows already, is kept (it was their only one when it retired).
     *
     * @throws TagRetired when one of them stands for a retired tag the reader does not follow: it takes no new follower
     */
    List<Tag> follow(Collection<Tag> tags, Collection<TagKey> followed);

    /** The tag each of these keys stands for (itself, or the tag it is an alias of); unknown keys are left out. */
    Map<TagKey, Tag> resolve(Collection<TagKey> keys);

    /**
     * The same values under the keys of the tags a reader follows: a key that is not among them but an alias of one
     * (a tag merged into it since) becomes that tag's key; any other stays as it was, to be refused as unfollowed.
     */
    default <V> Map<TagKey, V> asFollowed(Map<TagKey, V> byKey, Collection<TagKey> followed) {
        List<TagKey> others = byKey.keySet().stream().filter(key -> !followed.contains(key)).toList();
        if (others.isEmpty()) {
            return byKey;
        }
        Map<TagKey, Tag> resolved = resolve(others);
        Map<TagKey, V> keyed = new LinkedHashMap<>();
        byKey.forEach((key, value) -> {
            Tag target = resolved.get(key);
            keyed.put(target != null && followed.contains(target.key()) ? target.key() : key, value);
        });
        return keyed;
    }

    /**
     * Tags on articles published since the instant and released by now (a story under embargo neither counts nor
     * shows its tags on public pages), most used first, with how many articles carried each.
     */
    List<TagUse> inUseSince(Instant since, int limit);

    /**
     * The tags (not the aliases) whose key starts with the prefix as a tag key (an empty one: all), most used first:
     * by stories published by now, then by key.
     */
    Page<TagCount> search(String prefix, PageRequest page);

    /**
     * The tags {@link #search} finds that a story published by now carries, for readers to be offered. A tag only
     * readers named is left out, so that the list tells nobody what others follow and nobody can plant a label in it.
     * Their followers are not counted (0): readers are not shown them.
     */
    Page<TagCount> searchPublished(String prefix, PageRequest page);

    /**
     * Deletes those of these tags that nothing uses any more: a tag a reader typed goes with the last reader who
     * followed it, when no story carries it and an admin made nothing of it (an alias, a retired tag, an offer).
     *
     * @return how many went
     */
    int forgetUnused(Collection<TagKey> keys);

    /** The tag the key stands for (an alias's key finds the tag it was merged into), with its aliases and counts. */
    Optional<TagDetail> find(TagKey key);

    /** The aliases of each of these tags that has any, in key order. */
    Map<TagKey, List<TagKey>> aliases(Collection<TagKey> tags);

    /**
     * Changes how a tag is written: the label must be a form of its key ({@code USMigration}, {@code UsMigration}).
     *
     * @throws TagNotFound when the key stands for no tag
     */
    TagDetail relabel(TagKey key, String label);

    /**
     * Moves every article and follower of {@code key} to {@code into} (one that had both keeps one, with
     * {@code into}'s own rhythm or else {@code key}'s), and makes {@code key} and its aliases aliases of {@code into}.
     * An {@code into} that is an alias merges into the tag it stands for.
     *
     * @throws TagNotFound    when either key is unknown
     * @throws MergeRefused   when {@code key} is already an alias, or would be merged into itself
     */
    TagDetail merge(TagKey key, TagKey into);

    /**
     * Retires a tag that is no longer published: it keeps its past stories, takes no new story nor follower, and is
     * no longer offered to readers. Its followers are owed a notice, which their next digest carries, offering
     * {@code offer} instead, and stop following it unless it is their only tag (a reader follows one at least).
     * {@code null} offers the likely duplicates of the tag (keys equal but for {@code -} and a final {@code s}), then
     * the tags its stories carried most often beside it, three at most. An offered alias offers the tag it stands for.
     *
     * @throws TagNotFound   when the key is unknown
     * @throws RetireRefused when the key is an alias, or the tag is retired already
     * @throws news.dispatch.core.InvalidInput on {@code offer} when an offered tag is unknown, retired, or this one
     */
    TagDetail retire(TagKey key, List<TagKey> offer);

    /** The retired tags these keys stand for (an alias's, its tag's), by key; keys of tags in use are left out. */
    Map<TagKey, Retirement> retirements(Collection<TagKey> keys);

    /**
     * The retired tags that readers follow still (a tag retired takes no new follower but keeps those it had), by the
     * key of each reader's address ({@code EmailAddress.key()}); readers unknown or following none are left out.
     */
    Map<String, Set<TagKey>> retiredFollowed(Collection<String> emailKeys);

    /** Every retired tag, latest first. */
    List<Retirement> retirements();

    /**
     * Tags that probably mean the same: keys equal but for {@code -} and a final {@code s} ({@code us-migration},
     * {@code usmigration}, {@code usmigrations}); groups of two or more, each most used first.
     */
    List<List<TagCount>> likelyDuplicates();

    /** How often a tag appeared on articles in a period. */
    record TagUse(Tag tag, long articles) {
    }

    /** A tag with the stories published so far that carry it and the active readers who follow it. */
    record TagCount(Tag tag, long stories, long followers) {
    }

    /**
     * A tag, the keys merged into it, its counts as {@link TagCount} has them, and its retirement ({@code null} while
     * it is published).
     */
    record TagDetail(Tag tag, List<TagKey> aliases, long stories, long followers, Retirement retirement) {

        public TagDetail {
            aliases = List.copyOf(aliases);
        }

        /** A tag that is published. */
        public TagDetail(Tag tag, List<TagKey> aliases, long stories, long followers) {
            this(tag, aliases, stories, followers, null);
        }
    }

    /** A retired tag, the tags its followers are offered instead (in use still, in order), and when it retired. */
    record Retirement(Tag tag, List<Tag> offer, Instant at) {

        public Retirement {
            offer = List.copyOf(offer);
        }
    }
}
