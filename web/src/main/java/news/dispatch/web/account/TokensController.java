package news.dispatch.web.account;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import news.dispatch.core.paging.Page;
import news.dispatch.core.paging.PageRequest;
import news.dispatch.web.account.ApiTokens.ApiToken;
import news.dispatch.web.account.ApiTokens.Minted;
import news.dispatch.web.problem.NotFound;

import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Admins make API tokens for scripts (seeing each secret once), list them and revoke them. */
@Tag(name = "API tokens")
@RestController
@RequestMapping("/api/admin/tokens")
class TokensController {

    private final ApiTokens tokens;

    TokensController(ApiTokens tokens) {
        this.tokens = tokens;
    }

    @ApiResponse(responseCode = "201", description = "Made; `secret` is shown only in this answer.")
    @ApiResponse(responseCode = "403", description = "Asked with an API token: a person makes tokens (HTTP Basic).")
    @PostMapping
    ResponseEntity<NewToken> create(@RequestBody TokenRequest request, Authentication admin) {
        Minted minted = tokens.create(request.name(), request.role(), admin);
        return ResponseEntity.created(URI.create("/api/admin/tokens/" + minted.token().id()))
                .body(NewToken.of(minted));
    }

    @GetMapping
    Page<ApiToken> list(@RequestParam(defaultValue = "0") int page,
                        @RequestParam(defaultValue = "" + PageRequest.DEFAULT_SIZE) int size) {
        PageRequest request = new PageRequest(page, size);
        List<ApiToken> all = tokens.list();
        List<ApiToken> items = all.stream().skip(request.offset()).limit(request.size()).toList();
        return Page.of(items, request, all.size());
    }

    @GetMapping("/{id}")
    ApiToken get(@PathVariable long id) {
        return tokens.find(id).orElseThrow(() -> unknown(id));
    }

    /** Revokes the token; it stays in the list, with when it was revoked. */
    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revoke(@PathVariable long id, Authentication admin) {
        if (!tokens.revoke(id, ApiTokens.who(admin))) {
            throw unknown(id);
        }
    }

    private static NotFound unknown(long id) {
        return new NotFound("There is no API token " + id + ".");
    }

    record TokenRequest(String name, String role) {
    }

    /** A token just made: the only answer that holds its secret. */
    record NewToken(long id, String name, Role role, String createdBy, Instant createdAt, @Nullable Instant lastUsedAt,
                    @Nullable Instant revokedAt, String secret) {

        static NewToken of(Minted minted) {
            ApiToken token = minted.token();
            return new NewToken(token.id(), token.name(), token.role(), token.createdBy(), token.createdAt(),
                    token.lastUsedAt(), token.revokedAt(), minted.secret());
        }
    }
}
