package news.dispatch.web.sending;

import java.net.URI;

import news.dispatch.mailer.dkim.DkimKey;
import news.dispatch.mailer.dkim.DkimKeys;

import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** What to publish in DNS, how the bulk-sender rules stand, and the DKIM keys' rotation. */
@Tag(name = "Sending")
@RestController
@RequestMapping("/api/admin/sending")
class SendingController {

    private final Sending sending;
    private final DkimKeys keys;

    SendingController(Sending sending, DkimKeys keys) {
        this.sending = sending;
        this.keys = keys;
    }

    @GetMapping
    SendingReport report() {
        return sending.report();
    }

    /** A new key under a new selector, to publish before it signs. */
    @ApiResponse(responseCode = "201", description = "Made; publish its DNS record before activating it.")
    @PostMapping("/keys")
    ResponseEntity<DkimKey> create(@RequestBody NewKey request) {
        DkimKey key = RotationProblems.translated(() -> keys.create(request.selector(), request.algorithm()));
        return ResponseEntity.created(URI.create("/api/admin/sending/keys/" + key.selector())).body(key);
    }

    @PostMapping("/keys/{selector}/activate")
    DkimKey activate(@PathVariable String selector) {
        return RotationProblems.translated(() -> keys.activate(selector));
    }

    @PostMapping("/keys/{selector}/retire")
    DkimKey retire(@PathVariable String selector) {
        return RotationProblems.translated(() -> keys.retire(selector));
    }

    record NewKey(String selector, String algorithm) {
    }
}
