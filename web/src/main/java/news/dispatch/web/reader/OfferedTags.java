package news.dispatch.web.reader;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

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

    private final Tags tags;
    private final Clock clock;
    private final ReentrantLock counting = new ReentrantLock();
    private volatile Counted counted;

    OfferedTags(Tags tags, Clock clock) {
        this.tags = tags;
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

    private record Counted(List<TagUse> uses, Instant at) {

        /** Also stale when the clock went back: what was counted then may be from the future now. */
        boolean freshAt(Instant now) {
            return !now.isBefore(at) && now.isBefore(at.plus(FRESH_FOR));
        }
    }
}
