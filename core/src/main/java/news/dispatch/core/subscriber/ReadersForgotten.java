package news.dispatch.core.subscriber;

import java.util.List;

/**
 * Readers whose row was deleted, erased by an admin or never confirmed. Published in the deleting transaction;
 * whatever keeps their data outside the tables (the database's file, the sandbox's mailbox) forgets it once the
 * deletion commits. The addresses are as they were stored.
 */
public record ReadersForgotten(List<String> addresses) {

    public ReadersForgotten {
        addresses = List.copyOf(addresses);
    }
}
