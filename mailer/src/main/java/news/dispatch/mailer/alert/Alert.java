package news.dispatch.mailer.alert;

import java.time.Instant;

/**
 * An alert that was sent: who sent which story, when, and to how many readers.
 *
 * @param recipients readers it was queued for (some get it only when their quiet hours end)
 * @param overCap    readers who follow the story's tags with alerts on but had had their daily cap of alerts; the
 *                   story stays for their next digest
 */
public record Alert(long id, long articleId, String title, String sentBy, Instant sentAt, int recipients,
                    int overCap) {
}
