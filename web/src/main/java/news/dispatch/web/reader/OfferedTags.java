package news.dispatch.web.reader;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;

import news.dispatch.core.article.Articles;
import news.dispatch.core.paging.PageRequest;
import news.dispatch.core.tag.Tag;
import news.dispatch.core.tag.TagKey;
import news.dispatch.core.tag.Tags;
import news.dispatch.core.tag.Tags.TagUse;

import org.springframework.stereotype.Component;

/**
 * The tags the readers' forms offer: those on stories of the last month, most used first. Counting them reads every
 * story of the month, so it is done at most once a minute, by one request while the others are shown the list it
 * replaces; a page anyone may open must cost the same however many stories there are. One list of a few dozen tags
 * is all that is kept.
 */
@Component
class OfferedTags {

    static final Duration LATELY = Duration.ofDays(30);
    static final int OFFERED = 30;
    /** A new tag shows on the form within a minute of its first story: soon enough for a list of the month's tags. */
    static final Duration FRESH_FOR = Duration.ofMinutes(1);

    private static final PageRequest FIRST = new PageRequest(0, 1);

    private final Tags tags;
    private final Articles articles;
    private final Clock clock;
    private final ReentrantLock counting = new ReentrantLock();
    private volatile Counted counted;

    OfferedTags(Tags tags, Articles articles, Clock clock) {
        this.tags = tags;
        this.articles = articles;
        this.clock = clock;
    }

    List<TagUse> offered() {
        Counted last = counted;
        Instant now = clock.instant();
        if (last != null && last.freshAt(now)) {
            return last.uses();
        }
        if (last == null) {
            counting.lock();
        } else if (!counting.tryLock()) {
            return last.uses();
        }
        try {
            Counted current = counted;
            if (current != null && current.freshAt(now)) {
                return current.uses();
            }
            Counted recount = new Counted(tags.inUseSince(now.minus(LATELY), OFFERED), now);
            counted = recount;
            return recount.uses();
        } finally {
            counting.unlock();
        }
    }

    /**
     * The labels of the tags among these that no published story carries yet: a reader may follow them, and is told
     * they will wait. Those on offer have stories; only the others are looked up, one cheap query each.
     */
    List<String> withoutStories(List<Tag> chosen) {
        Set<TagKey> offeredKeys = offered().stream().map(use -> use.tag().key()).collect(Collectors.toSet());
        Instant now = clock.instant();
        return chosen.stream()
                .filter(tag -> !offeredKeys.contains(tag.key()))
                .filter(tag -> articles.published(Optional.of(tag.key()), now, FIRST).total() == 0)
                .map(Tag::label)
                .toList();
    }

    private record Counted(List<TagUse> uses, Instant at) {

        /** Also stale when the clock went back: what was counted then may be from the future now. */
        boolean freshAt(Instant now) {
            return !now.isBefore(at) && now.isBefore(at.plus(FRESH_FOR));
        }
    }
}
