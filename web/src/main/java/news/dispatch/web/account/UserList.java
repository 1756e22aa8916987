package news.dispatch.web.account;

import java.util.List;

import news.dispatch.web.account.Accounts.Account;
import news.dispatch.web.page.FieldErrors;

/**
 * The Users page. Public because the precompiled templates, in another package, read it.
 *
 * @param accounts    every account, by name
 * @param notice      what the last action did, or {@code null}
 * @param problem     why the last form was refused, or {@code null}
 * @param errors      why, under each field refused: the add form's {@code username}, {@code password} and
 *                    {@code role}, or an account's new password as {@code password-NAME}
 * @param username    the name typed into the add form, to show it back
 * @param role        the role chosen in the add form
 */
public record UserList(List<Account> accounts, String notice, String problem, FieldErrors errors, String username,
                       Role role) {

    public UserList {
        accounts = List.copyOf(accounts);
    }

    public Role[] roles() {
        return Role.values();
    }

    public int minPassword() {
        return Accounts.MIN_PASSWORD;
    }
}
