package news.dispatch.web.alert;

import java.util.List;

import news.dispatch.mailer.alert.Alert;
import news.dispatch.mailer.alert.AlertPreview;
import news.dispatch.mailer.alert.Alerts;

import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The alerts API, under each article's address: editors preview a story's breaking-news alert and send it. */
@Tag(name = "Alerts")
@RestController
@RequestMapping("/api/articles")
class AlertController {

    private final Alerts alerts;

    AlertController(Alerts alerts) {
        this.alerts = alerts;
    }

    /**
     * Sends the article's breaking-news alert: {@code 202} when this request sent it, {@code 200} with the same body
     * when it was sent before (nobody gets it twice).
     */
    @ApiResponse(responseCode = "202", description = "Sent now, to `recipients` readers.")
    @ApiResponse(responseCode = "200", description = "Sent before: nobody gets it twice.")
    @PostMapping("/{id}/alert")
    ResponseEntity<AlertView> alert(@PathVariable long id, Authentication editor) {
        Alerts.Outcome outcome = alerts.send(id, editor.getName());
        return ResponseEntity.status(outcome.sentNow() ? HttpStatus.ACCEPTED : HttpStatus.OK)
                .body(AlertView.of(outcome.alert()));
    }

    /** What the alert would do, and its email: a dry run that sends nothing. */
    @GetMapping("/{id}/alert/preview")
    PreviewView preview(@PathVariable long id) {
        return PreviewView.of(alerts.preview(id));
    }

    /** An alert as the contract shapes it. */
    record AlertView(long alertId, long articleId, int recipients) {

        static AlertView of(Alert alert) {
            return new AlertView(alert.id(), alert.articleId(), alert.recipients());
        }
    }

    /**
     * A dry run: how many readers the alert would reach, how many follow each of the story's tags, the email as a
     * sample reader would get it; {@code afterQuiet} of them get it when their quiet hours end, {@code overCap} more
     * follow the tags but had their daily cap of alerts, {@code hadInDigest} more had the story in a digest already;
     * {@code alreadySent} is the alert when it was sent before.
     */
    record PreviewView(int recipients, List<TagReachView> byTag, String subject, String text, String html,
                       int afterQuiet, int overCap, int hadInDigest, @Nullable AlertView alreadySent) {

        static PreviewView of(AlertPreview preview) {
            return new PreviewView(preview.recipients(), preview.byTag().stream()
                    .map(reach -> new TagReachView(reach.tag().key().value(), reach.tag().label(), reach.readers()))
                    .toList(), preview.email().subject(), preview.email().text(), preview.email().html(),
                    preview.afterQuiet(), preview.overCap(), preview.hadInDigest(),
                    preview.alreadySent() == null ? null : AlertView.of(preview.alreadySent()));
        }
    }

    /** How many of the readers follow one of the story's tags: {@code tag} is its key. */
    record TagReachView(String tag, String label, int readers) {
    }
}
