package news.dispatch.mailer.bounce;

import java.util.List;

/**
 * What a message that came back says, and the clues to the delivery and reader it is about, each list in the order
 * the message gave them.
 *
 * @param verdict     what it means
 * @param status      the enhanced status code of a bounce ({@code 5.1.1}), or {@code null}
 * @param detail      the diagnostic of a bounce, the feedback type of a complaint, why a message was ignored
 * @param addressedTo where it was sent: {@code Delivered-To}, {@code X-Original-To}, {@code To}, and the returned
 *                    message's {@code Return-Path}; a tagged return path among them names the delivery
 * @param messageIds  the Message-IDs of the returned message's headers, quoted or attached
 * @param recipients  the original recipients the report or the bounce's text names
 *                    ({@code Final-Recipient}, {@code Original-Rcpt-To}, …)
 * @param token       the unsubscribe link token of a mailto unsubscribe, else {@code null}
 * @param vouched     whether its source vouches for the recipients: an email service's signed event, unlike a
 *                    message in the mailbox, which anyone can send, so that only Dispatch's marks vouch for it
 */
public record Reading(Verdict verdict, String status, String detail, List<String> addressedTo,
                      List<String> messageIds, List<String> recipients, String token, boolean vouched) {

    public Reading {
        addressedTo = List.copyOf(addressedTo);
        messageIds = List.copyOf(messageIds);
        recipients = List.copyOf(recipients);
    }
}
