package news.dispatch.web.subscriber;

import java.io.IOException;
import java.util.Locale;

import jakarta.servlet.http.HttpServletResponse;

import news.dispatch.core.subscriber.SubscriberStatus;
import news.dispatch.mailer.roster.Roster;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;

/** Answers a request with the subscribers as a CSV file to download: the API's export and the Import page's. */
final class SubscriberExport {

    private SubscriberExport() {
    }

    /**
     * Writes every subscriber, or those in one status, as {@code text/csv}.
     *
     * @param status a status as typed; blank or {@code null}: all
     * @throws news.dispatch.core.InvalidInput naming {@code status} when it is not one, before anything is written
     */
    static void write(Roster roster, String status, HttpServletResponse response) throws IOException {
        SubscriberStatus only = status == null || status.isBlank() ? null : SubscriberFilter.status(status);
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                .filename(only == null ? "subscribers.csv" : "subscribers-" + only.name().toLowerCase(Locale.ROOT)
                        + ".csv")
                .build().toString());
        roster.exportCsv(response.getWriter(), only);
    }
}
