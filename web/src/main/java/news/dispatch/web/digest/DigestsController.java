package news.dispatch.web.digest;

import java.util.Locale;

import news.dispatch.core.InvalidInput;
import news.dispatch.core.subscriber.Frequency;
import news.dispatch.scheduler.digest.Digests;
import news.dispatch.scheduler.digest.Digests.DigestRun;

import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Admins run digests by hand: {@code {"frequency": "DAILY"}} sends every reader of that frequency their new
 * stories now, whatever their hour; no body does what the schedule would do at this minute. Either way the
 * digests are built and queued before the answer; the mail leaves from the outbox after it.
 */
@Tag(name = "Digests")
@RestController
class DigestsController {

    private final Digests digests;

    DigestsController(Digests digests) {
        this.digests = digests;
    }

    @PostMapping("/api/admin/digests/run")
    @ResponseStatus(HttpStatus.ACCEPTED)
    RunAnswer run(@RequestBody(required = false) RunRequest request) {
        DigestRun run = request == null ? digests.runScheduleAsked() : digests.runNow(frequency(request.frequency()));
        return new RunAnswer(run.id(), run.queued());
    }

    private static Frequency frequency(String given) {
        if (given == null || given.isBlank()) {
            throw new InvalidInput("frequency",
                    "frequency is required: IMMEDIATE, DAILY or WEEKLY (send no body to run the schedule)");
        }
        try {
            return Frequency.valueOf(given.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInput("frequency", "frequency must be IMMEDIATE, DAILY or WEEKLY");
        }
    }

    record RunRequest(String frequency) {
    }

    record RunAnswer(String runId, int queued) {
    }
}
