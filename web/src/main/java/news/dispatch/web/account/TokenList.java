package news.dispatch.web.account;

import java.util.List;

import news.dispatch.web.account.ApiTokens.ApiToken;

/**
 * The API tokens page. Public because the precompiled templates, in another package, read it.
 *
 * @param tokens  every token, newest first
 * @param notice  what the last action did, or {@code null}
 * @param problem why the last form was refused, or {@code null}
 * @param secret  the secret of the token just made, shown this once; otherwise {@code null}
 * @param made    the token just made, or {@code null}
 * @param name    the name typed into the form, to show it back
 * @param role    the role chosen in the form
 */
public record TokenList(List<ApiToken> tokens, String notice, String problem, String secret, ApiToken made,
                        String name, Role role) {

    public TokenList {
        tokens = List.copyOf(tokens);
    }

    public Role[] roles() {
        return Role.values();
    }
}
