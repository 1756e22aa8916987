package news.dispatch.web.subscriber;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import news.dispatch.mailer.roster.ImportReport;
import news.dispatch.mailer.roster.ImportReport.Rejected;

/**
 * The Import page: the upload form, and after an upload its report or why the file was refused. Public because the
 * precompiled templates, in another package, read it.
 *
 * @param fileName the file uploaded, or {@code null}
 * @param status   {@code ACTIVE} or {@code PENDING}: what new addresses become
 * @param report   how the import went, or {@code null}
 * @param held     what the file holds on each rejected line that no one field is at fault for (a second line of an
 *                 address, too many fields), shortened, by line number
 * @param problem  why nothing was imported, or {@code null}
 */
public record ImportPage(String fileName, String status, ImportReport report, Map<Long, String> held,
                         String problem) {

    /** Enough of a line to recognise it in the file; the rest would stretch the report's table. */
    static final int SHOWN_CHARACTERS = 80;

    public ImportPage {
        held = Map.copyOf(held);
    }

    /** The form, or why nothing was imported. */
    ImportPage(String fileName, String status, String problem) {
        this(fileName, status, null, Map.of(), problem);
    }

    /** The report of the file, which the import read as UTF-8 already. */
    static ImportPage reported(String fileName, String status, ImportReport report, byte[] file) {
        // String.lines() ends a line where the CSV reader counts one: at \n, \r or \r\n.
        List<String> lines = new String(file, StandardCharsets.UTF_8).lines().toList();
        Map<Long, String> held = new HashMap<>();
        for (Rejected rejected : report.rejected()) {
            if (rejected.value() == null && rejected.line() <= lines.size()) {
                held.put(rejected.line(), shortened(lines.get((int) rejected.line() - 1)));
            }
        }
        return new ImportPage(fileName, status, report, held, null);
    }

    public boolean pending() {
        return "PENDING".equals(status);
    }

    /** What the report shows of the line: the value at fault, else what the line holds, else nothing. */
    public String shown(Rejected rejected) {
        return rejected.value() != null ? rejected.value() : held.get(rejected.line());
    }

    private static String shortened(String line) {
        if (line.codePointCount(0, line.length()) <= SHOWN_CHARACTERS) {
            return line;
        }
        return line.substring(0, line.offsetByCodePoints(0, SHOWN_CHARACTERS - 1)) + "…";
    }
}
