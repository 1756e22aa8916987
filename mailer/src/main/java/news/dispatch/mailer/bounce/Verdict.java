package news.dispatch.mailer.bounce;

/** What a message that came back to the return path means for the reader it names. */
public enum Verdict {
    /** A permanent failure ({@code 5.x.x}, or permanent without a status): the address does not take mail. */
    HARD_BOUNCE,
    /** A failure that may pass ({@code 4.x.x}): a full mailbox, a server down for longer than the sender waits. */
    SOFT_BOUNCE,
    /** The reader marked the mail as spam, reported back by their provider (RFC 5965 ARF). */
    COMPLAINT,
    /** The reader used the mailto of List-Unsubscribe. */
    UNSUBSCRIBE,
    /** Auto-replies, delay warnings, people's replies, challenge-response mail, junk: nobody changes. */
    IGNORED
}
