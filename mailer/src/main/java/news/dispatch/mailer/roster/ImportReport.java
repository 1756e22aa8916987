package news.dispatch.mailer.roster;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * How an import went.
 *
 * @param imported new readers added
 * @param updated  known readers whose tags and frequency the file set
 * @param rejected the rows not taken, in file order
 */
public record ImportReport(int imported, int updated, List<Rejected> rejected) {

    public ImportReport {
        rejected = List.copyOf(rejected);
    }

    /**
     * A row not taken.
     *
     * @param line   where the row starts in the file, from 1 (the header's line)
     * @param reason why, for the person who fixes the file
     * @param value  what the row holds in the field at fault, or {@code null}
     */
    public record Rejected(long line, String reason, @Nullable String value) {

        public Rejected(long line, String reason) {
            this(line, reason, null);
        }
    }
}
