package news.dispatch.mailer.dkim;

/** Where a DKIM key is in its rotation. */
public enum KeyState {
    /** Made and to be published in DNS; it signs nothing yet, so verifiers have time to see it. */
    PUBLISH,
    /** Signs every email (one key per algorithm). */
    ACTIVE,
    /** Signs nothing any more; its DNS record stays a few days for mail still on its way, then can go. */
    RETIRED
}
