package news.dispatch.web.suppression;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import news.dispatch.mailer.bounce.Bounces;
import news.dispatch.mailer.bounce.Reading;
import news.dispatch.mailer.bounce.Verdict;
import news.dispatch.web.problem.NotFound;
import news.dispatch.web.problem.Problems;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Mailgun's event webhook, authenticated as Mailgun documents: an HMAC-SHA256, under the account's signing key, of the
 * post's timestamp and token, which must be recent. A permanent failure is a hard bounce (one Mailgun gave up on after
 * retrying, reason {@code old}, a soft one), a complaint is a complaint; each event is acted on once by its id. The
 * email it is about is found by the return path Mailgun relayed it from, its Message-ID, or its recipient, as for a
 * bounce that comes back by mail.
 */
@Tag(name = "Provider webhooks")
@RestController
@EnableConfigurationProperties(MailgunSettings.class)
class MailgunWebhook {

    private final Bounces bounces;
    private final MailgunSettings settings;
    private final Clock clock;

    MailgunWebhook(Bounces bounces, MailgunSettings settings, Clock clock) {
        this.bounces = bounces;
        this.settings = settings;
        this.clock = clock;
    }

    // Read as a tree, as Mailgun sends more than is read; the document says so rather than describing the tree type.
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(schema = @Schema(type = "object",
            description = "Mailgun's event webhook body: `signature` (`timestamp`, `token`, `signature`) and "
                    + "`event-data`, as Mailgun sends them")))
    @ApiResponse(responseCode = "200", description = "The event is taken, or was taken before.")
    @ApiResponse(responseCode = "404", description = "Mailgun's webhook is not set up here.")
    @PostMapping("/api/webhooks/mailgun")
    ResponseEntity<?> event(@RequestBody JsonNode post) {
        if (settings.signingKey().isBlank()) {
            throw new NotFound("Mailgun's webhook is not set up here (dispatch.bounces.mailgun.signing-key).");
        }
        JsonNode signature = post.path("signature");
        if (!signed(signature.path("timestamp").asString(""), signature.path("token").asString(""),
                signature.path("signature").asString(""))) {
            return refused("The post is not signed with this account's webhook signing key, or it is too old.");
        }
        JsonNode event = post.path("event-data");
        String id = event.path("id").asString("");
        if (id.isBlank() || id.length() > 200) {
            return refused("The event has no id.");
        }
        bounces.process("mailgun:" + id, reading(event),
                event.path("message").path("headers").path("subject").asString(null), clock.instant());
        return ResponseEntity.ok().build();
    }

    private boolean signed(String timestamp, String token, String signature) {
        long seconds;
        try {
            seconds = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return false;
        }
        Duration age = Duration.between(Instant.ofEpochSecond(seconds), clock.instant()).abs();
        if (age.compareTo(settings.maxAge()) > 0 || token.isEmpty()) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(settings.signingKey().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] expected = HexFormat.of().formatHex(mac.doFinal((timestamp + token)
                    .getBytes(StandardCharsets.UTF_8))).getBytes(StandardCharsets.US_ASCII);
            return MessageDigest.isEqual(expected, signature.toLowerCase(Locale.ROOT)
                    .getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static Reading reading(JsonNode event) {
        String kind = event.path("event").asString("");
        String severity = event.path("severity").asString("");
        JsonNode status = event.path("delivery-status");
        Verdict verdict = switch (kind) {
            case "failed" -> !severity.equals("permanent") ? Verdict.IGNORED
                    : Verdict.ofFailure(status.path("enhanced-code").asString("").isBlank() ? null
                            : status.path("enhanced-code").asString(),
                    status.path("description").asString("") + " " + status.path("message").asString(""),
                    event.path("reason").asString("").equals("old"));
            case "complained" -> Verdict.COMPLAINT;
            default -> Verdict.IGNORED;
        };
        String detail = switch (verdict) {
            case IGNORED -> "a Mailgun " + kind + " event" + (severity.isEmpty() ? "" : " (" + severity + ")")
                    + " that changes nobody";
            case COMPLAINT -> "complaint reported by Mailgun";
            default -> (status.path("code").asString("") + " " + status.path("description").asString("") + " "
                    + status.path("message").asString("")).strip();
        };
        String enhanced = status.path("enhanced-code").asString(null);
        return new Reading(verdict, verdict == Verdict.HARD_BOUNCE || verdict == Verdict.SOFT_BOUNCE
                || verdict == Verdict.BLOCKED ? enhanced : null,
                detail, present(event.path("envelope").path("sender").asString(null)),
                present(event.path("message").path("headers").path("message-id").asString(null)),
                present(event.path("recipient").asString(null)), null, true);
    }

    private static List<String> present(String value) {
        List<String> values = new ArrayList<>(1);
        if (value != null && !value.isBlank() && value.length() <= 500) {
            values.add(value.strip());
        }
        return values;
    }

    private static ResponseEntity<ProblemDetail> refused(String why) {
        return ResponseEntity.status(HttpStatus.FORBIDDEN).body(Problems.of(HttpStatus.FORBIDDEN, why));
    }
}
