package news.dispatch.web.account;

import news.dispatch.web.page.FieldErrors;

/**
 * The account page. Public because the precompiled templates, in another package, read it.
 *
 * @param notice  what the last change did, or {@code null}
 * @param problem why the form was refused, or {@code null}
 * @param errors  why, under each field refused: {@code current} or {@code password}
 */
public record YourAccount(String notice, String problem, FieldErrors errors) {

    public int minPassword() {
        return Accounts.MIN_PASSWORD;
    }
}
