package news.dispatch.web.subscriber;

import news.dispatch.mailer.roster.ImportReport;

/**
 * The Import page: the upload form, and after an upload its report or why the file was refused. Public because the
 * precompiled templates, in another package, read it.
 *
 * @param fileName the file uploaded, or {@code null}
 * @param status   {@code ACTIVE} or {@code PENDING}: what new addresses become
 * @param report   how the import went, or {@code null}
 * @param problem  why nothing was imported, or {@code null}
 */
public record ImportPage(String fileName, String status, ImportReport report, String problem) {

    public boolean pending() {
        return "PENDING".equals(status);
    }
}
