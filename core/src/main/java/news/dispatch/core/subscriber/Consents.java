package news.dispatch.core.subscriber;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/** Readers' consents on record: proof of opt-in, as a regulator or a mailbox provider asks for it. */
public interface Consents {

    /** Records a consent the reader gave, joining the caller's transaction. */
    void record(long subscriberId, Consent consent);

    /** The reader's latest consent. */
    Optional<Consent> latest(long subscriberId);

    /** The latest consent of each of the readers who has one, in one query (a page of the admin's list). */
    Map<Long, Consent> latest(Collection<Long> subscriberIds);
}
