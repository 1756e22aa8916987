package news.dispatch.web.suppression;

import news.dispatch.core.InvalidInput;
import news.dispatch.core.paging.Page;
import news.dispatch.core.paging.PageRequest;
import news.dispatch.core.subscriber.EmailAddress;
import news.dispatch.core.suppression.Suppression;
import news.dispatch.core.suppression.SuppressionReason;
import news.dispatch.core.suppression.Suppressions;
import news.dispatch.web.problem.NotFound;

import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Admins read, add to and lift the suppression list. Adding an address that is there already answers its entry as
 * it stands ({@code 200}), so a script may repeat itself.
 */
@Tag(name = "Suppressions")
@RestController
@RequestMapping("/api/admin/suppressions")
class SuppressionsController {

    private final Suppressions suppressions;

    SuppressionsController(Suppressions suppressions) {
        this.suppressions = suppressions;
    }

    @GetMapping
    Page<Suppression> list(@RequestParam(defaultValue = "") String q, @RequestParam(defaultValue = "0") int page,
                           @RequestParam(defaultValue = "" + PageRequest.DEFAULT_SIZE) int size) {
        return suppressions.list(q, new PageRequest(page, size));
    }

    @ApiResponse(responseCode = "201", description = "Suppressed now.")
    @ApiResponse(responseCode = "200", description = "Already suppressed; as it stands.")
    @PostMapping
    @Transactional
    ResponseEntity<Suppression> add(@RequestBody NewSuppression body) {
        if (body.email() == null) {
            throw new InvalidInput("email", "email must not be blank");
        }
        if (body.detail() != null && body.detail().length() > 1000) {
            throw new InvalidInput("detail", "detail must be at most 1000 characters");
        }
        EmailAddress email = EmailAddress.of(body.email());
        boolean added = suppressions.add(email, SuppressionReason.MANUAL, body.detail());
        return ResponseEntity.status(added ? HttpStatus.CREATED : HttpStatus.OK)
                .body(suppressions.find(email).orElseThrow());
    }

    @DeleteMapping("/{email}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void lift(@PathVariable String email) {
        if (!suppressions.lift(EmailAddress.of(email))) {
            throw new NotFound("That address is not on the suppression list.");
        }
    }

    record NewSuppression(String email, String detail) {
    }
}
