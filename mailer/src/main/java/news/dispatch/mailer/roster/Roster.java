package news.dispatch.mailer.roster;

import java.io.IOException;
import java.io.Writer;
import java.util.Optional;

import news.dispatch.core.paging.Page;
import news.dispatch.core.paging.PageRequest;
import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.core.subscriber.SubscriberQuery;
import news.dispatch.core.subscriber.SubscriberStatus;

/**
 * What admins do with readers: find them, change them, erase them, and move them in and out of Dispatch as CSV.
 * Every change is one transaction, and the mail it causes (a confirmation link) is queued in it.
 * <p>
 * The CSV has the header {@code email,tags,frequency}; tags are separated by {@code ;}. It is read as UTF-8 (a byte
 * order mark is skipped; other encodings are refused rather than guessed) per RFC 4180: quoted fields, embedded line
 * breaks and CRLF or LF line ends all work.
 */
public interface Roster {

    Page<Subscriber> search(SubscriberQuery query, PageRequest page);

    Optional<Subscriber> find(long id);

    /**
     * Applies what the change holds and keeps the rest. A new status goes through the reader's guarded transitions:
     * {@code SUSPENDED} suspends, {@code UNSUBSCRIBED} unsubscribes (both drop the mail queued for the reader), and
     * {@code ACTIVE} or {@code PENDING} lift a suspension. Nobody is made ACTIVE who never confirmed their address.
     *
     * @return the changed reader; empty when there is none with the id
     * @throws news.dispatch.core.InvalidInput naming the field, when a value breaks the rules; nothing is stored
     * @throws news.dispatch.core.subscriber.TransitionNotAllowed when the status cannot be reached from the current
     *                                                            one; nothing is stored
     */
    Optional<Subscriber> change(long id, SubscriberChange change);

    /**
     * Erases the reader's personal data: their row, tags and links, and their address on every delivery made or
     * queued to them (open ones are dropped), and the sandbox's copies of their mail. What stays is anonymous: the
     * delivery rows, and a count of erasures. Within {@code dispatch.erasure.shred-after} the database's files are
     * cleared of it too.
     *
     * @return whether there was such a reader
     */
    boolean erase(long id);

    /**
     * Imports readers from CSV. A row that cannot be taken is reported with its line (the header is line 1; a row
     * spanning lines counts from where it starts) and skipped; the good rows are kept. A known address gets the row's
     * tags and frequency, and keeps its status and its other choices. A new one is {@code ACTIVE}, or with
     * {@code PENDING} is mailed a confirmation link. An address on the suppression list is reported, with its
     * reason, and not imported.
     *
     * @param csv    the whole file, UTF-8
     * @param status {@code ACTIVE} or {@code PENDING}, for new addresses
     * @throws news.dispatch.core.InvalidInput when the status is another one, the file is not UTF-8, or it has no
     *                                         usable header (nothing is imported then)
     */
    default ImportReport importCsv(byte[] csv, SubscriberStatus status) {
        return importCsv(csv, status, null);
    }

    /**
     * Imports as {@link #importCsv(byte[], SubscriberStatus)} does; each new {@code ACTIVE} reader's consent is
     * recorded as given through the import, by {@code importedBy} (the admin's name).
     */
    ImportReport importCsv(byte[] csv, SubscriberStatus status, String importedBy);

    /**
     * Writes every reader, or those in one status, as CSV with the header {@code email,tags,frequency}, oldest first,
     * read in batches so the list may be of any length. Tags are written as first written ({@code USMigration}). A
     * cell that a spreadsheet would take for a formula (it starts with {@code =}, {@code +}, {@code -}, {@code @}, a
     * tab or a carriage return) gets a leading {@code '}, which the import takes off again.
     *
     * @param status only readers in this status; {@code null}: all
     */
    void exportCsv(Writer out, SubscriberStatus status) throws IOException;
}
