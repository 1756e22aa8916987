package news.dispatch.mailer.roster;

/**
 * An import cut short because Dispatch is stopping: the batches stored before stay, the rest of the file was not
 * read. Posting the file again finishes it, as known addresses are updated, not added twice.
 */
public class ImportStopped extends RuntimeException {

    public ImportStopped(int imported, int updated) {
        super("Dispatch is stopping: the import stored " + imported + " new and " + updated + " known readers, and "
                + "did not read the rest of the file. Post the file again once Dispatch is back: the readers stored "
                + "already are updated, not added twice");
    }
}
