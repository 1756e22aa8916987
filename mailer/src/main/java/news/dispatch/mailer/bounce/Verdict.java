package news.dispatch.mailer.bounce;

import java.util.regex.Pattern;

/** What a message that came back to the return path means for the reader it names. */
public enum Verdict {
    /** A permanent failure ({@code 5.x.x}, or permanent without a status): the address does not take mail. */
    HARD_BOUNCE,
    /** A failure that may pass ({@code 4.x.x}): a full mailbox, a server down for longer than the sender waits. */
    SOFT_BOUNCE,
    /**
     * A refusal of the message, not of the address: RFC 3463's security and policy class ({@code 5.7.x},
     * {@code 4.7.x}: taken for spam, failing DMARC, sent too fast) unless its words blame the recipient. It says the
     * sender's mail or name needs mending (the Sending page), and changes nobody: one DKIM mistake would otherwise
     * suspend every reader at the provider that refused (a QA of 7 December), as a refusal told while sending does not.
     */
    BLOCKED,
    /** The reader marked the mail as spam, reported back by their provider (RFC 5965 ARF). */
    COMPLAINT,
    /** The reader used the mailto of List-Unsubscribe. */
    UNSUBSCRIBE,
    /** Auto-replies, delay warnings, people's replies, challenge-response mail, junk: nobody changes. */
    IGNORED;

    private static final Pattern POLICY_CLASS = Pattern.compile("[45]\\.7\\.\\d{1,3}");
    private static final Pattern POLICY_IN_WORDS = Pattern.compile("(?<![\\d.])[45]\\.7\\.\\d{1,3}(?![\\d.])");
    /** A status that says only failed or delayed (Exim's 5.0.0), leaving the server's words to say why. */
    private static final Pattern GENERIC = Pattern.compile("[45]\\.0\\.0");
    /** Words of a security or policy refusal that is the recipient's after all: a server that takes no mail for it. */
    private static final Pattern RECIPIENT_BLAMED = Pattern.compile("(?i)relay(ing)?( access)? (denied|not permitted)"
            + "|not permitted to relay|does not like recipient|recipient (address )?rejected|user unknown"
            + "|no such (user|mailbox)|mailbox (unavailable|not found|does not exist)");

    /**
     * The verdict of a failure: {@link #BLOCKED} for the policy class unless its words blame the recipient, else a
     * hard or soft bounce as {@code soft} says.
     *
     * @param status the enhanced status code ({@code 5.7.1}), or null when it gave none
     * @param words  what the server said about it, or null; its own code counts where the status is none or generic
     *               ({@code Status: 5.0.0} beside {@code 554 5.7.1 …}, a Mailgun event with the code in its message)
     */
    public static Verdict ofFailure(String status, String words, boolean soft) {
        String said = words == null ? "" : words;
        boolean policy = status != null && POLICY_CLASS.matcher(status).matches()
                || (status == null || GENERIC.matcher(status).matches()) && POLICY_IN_WORDS.matcher(said).find();
        if (policy && !RECIPIENT_BLAMED.matcher(said).find()) {
            return BLOCKED;
        }
        return soft ? SOFT_BOUNCE : HARD_BOUNCE;
    }
}
