package news.dispatch.web.account;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import news.dispatch.core.InvalidInput;
import news.dispatch.core.jdbc.Timestamps;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Editor and admin accounts, their passwords kept only as strong one-way hashes. Names are compared in their
 * {@linkplain #fold(String) folded} form: "Admin", " ADMIN " and "admin" are one account. There is always at least one
 * enabled admin left.
 */
@Repository
public class Accounts {

    public static final int MIN_PASSWORD = 12;
    /** The longest name an account may have. */
    public static final int MAX_USERNAME = 100;
    /** The most of a password bcrypt reads: a longer one would sign in with anything after its 72nd byte. */
    public static final int MAX_PASSWORD_BYTES = 72;
    /** Fewer different characters than this ({@code aaaaaaaaaaaa}, {@code 121212121212}) is no password. */
    private static final int MIN_DISTINCT_CHARACTERS = 5;
    /** What a password holds besides the account's name: {@code pwuser1} for {@code pwuser} is no password. */
    private static final int MIN_BEYOND_NAME = 8;
    /** Not made of dots alone: {@code .} and {@code ..} are no name a page's link can hold. */
    private static final Pattern USERNAME = Pattern.compile("(?!\\.+$)[A-Za-z0-9._@-]{1," + MAX_USERNAME + "}");
    private static final Pattern DOTS = Pattern.compile("\\s*\\.+\\s*");
    private static final SecureRandom VERSIONS = new SecureRandom();
    private static final RowMapper<Account> ACCOUNT = (rs, row) -> new Account(rs.getString("username"),
            Role.valueOf(rs.getString("role")), rs.getBoolean("enabled"), Timestamps.read(rs, "created_at"));

    private final JdbcClient jdbc;
    private final PasswordEncoder passwords;
    private final Clock clock;

    Accounts(JdbcClient jdbc, PasswordEncoder passwords, Clock clock) {
        this.jdbc = jdbc;
        this.passwords = passwords;
        this.clock = clock;
    }

    /**
     * A name as accounts are told apart: without blanks around it, in Unicode's compatibility form (full-width letters
     * become plain ones) and case-folded. Signing in, its limits and the uniqueness of names all go by it.
     */
    public static String fold(String username) {
        String compatible = Normalizer.normalize(username == null ? "" : username, Normalizer.Form.NFKC).strip();
        return Normalizer.normalize(compatible.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT),
                Normalizer.Form.NFKC);
    }

    /**
     * Creates the account, or gives an existing one this password and role and enables it (the first admin's way
     * back in). Its sessions end.
     *
     * @throws InvalidInput naming {@code password} when it is only blanks or control characters, or over 72 bytes
     */
    public void save(String username, String password, Role role) {
        checkVisible(password);
        checkLength(password);
        String hash = passwords.encode(password);
        int updated = jdbc.sql("""
                        update account
                           set password_hash = ?, role = ?, enabled = true,
                               credentials_version = credentials_version + 1
                         where folded_username = ?""")
                .params(hash, role.name(), fold(username))
                .update();
        if (updated == 0) {
            insert(username, hash, role);
        }
    }

    /**
     * Creates an account, never touching an existing one.
     *
     * @return whether it was created; {@code false} when the name is taken, in any case
     * @throws InvalidInput naming {@code username} or {@code password} when one breaks the rules
     */
    public boolean create(String username, String password, Role role) {
        List<InvalidInput> refused = refusals(username, password);
        if (!refused.isEmpty()) {
            throw refused.get(0);
        }
        try {
            return insert(username, passwords.encode(password), role) == 1;
        } catch (DuplicateKeyException taken) {
            return false;
        }
    }

    /**
     * What {@link #create} refuses in these fields: the first refusal of each, {@code username} then
     * {@code password}, so that a form can mark every field at fault at once; empty when it would take them.
     */
    static List<InvalidInput> refusals(String username, String password) {
        return InvalidInput.refusals(() -> checkUsername(username), () -> checkPassword(username, password));
    }

    /**
     * Gives an account a new password; its role stays, and every session it has ends.
     *
     * @return whether there is such an account
     * @throws InvalidInput naming {@code password} when it breaks the rules
     */
    public boolean changePassword(String username, String password) {
        checkPassword(username, password);
        return jdbc.sql("""
                        update account set password_hash = ?, credentials_version = credentials_version + 1
                         where folded_username = ?""")
                .params(passwords.encode(password), fold(username))
                .update() == 1;
    }

    /**
     * Stops an account signing in, and ends every session it has.
     *
     * @return whether there is such an account
     * @throws LastAdmin when it is the only enabled admin
     */
    @Transactional
    public boolean disable(String username) {
        String folded = fold(username);
        keepAnAdminBesides(username, "disabled");
        return jdbc.sql("""
                        update account set enabled = false, credentials_version = credentials_version + 1
                         where folded_username = ?""")
                .param(folded)
                .update() == 1;
    }

    /**
     * Lets a disabled account sign in again, with the password it had.
     *
     * @return whether there is such an account
     */
    public boolean enable(String username) {
        return jdbc.sql("update account set enabled = true where folded_username = ?")
                .param(fold(username))
                .update() == 1;
    }

    /**
     * Gives an account another role; its sessions end, as they carry the role they signed in with. Its API tokens
     * keep theirs, never acting above the account's.
     *
     * @return whether there is such an account
     * @throws LastAdmin when it would take the role from the only enabled admin
     */
    @Transactional
    public boolean changeRole(String username, Role role) {
        if (role != Role.ADMIN) {
            keepAnAdminBesides(username, "made an " + role);
        }
        return jdbc.sql("""
                        update account set role = ?, credentials_version = credentials_version + 1
                         where folded_username = ?""")
                .params(role.name(), fold(username))
                .update() == 1;
    }

    /**
     * Removes an account for good; its sessions end.
     *
     * @return whether there was such an account
     * @throws LastAdmin when it is the only enabled admin
     */
    @Transactional
    public boolean remove(String username) {
        String folded = fold(username);
        keepAnAdminBesides(username, "removed");
        return jdbc.sql("delete from account where folded_username = ?").param(folded).update() == 1;
    }

    /**
     * Whether a session signed in as this account, under this version of its credentials, may go on: the account is
     * still there and enabled, and its password and role have not changed since.
     */
    public boolean stillSignedIn(SignedInAccount account) {
        return jdbc.sql("""
                        select count(*) from account
                         where folded_username = ? and enabled and credentials_version = ?""")
                .params(fold(account.getUsername()), account.credentialsVersion())
                .query(Long.class).single() > 0;
    }

    /** Every account, by name. */
    public List<Account> list() {
        return jdbc.sql("select username, role, enabled, created_at from account order by folded_username")
                .query(ACCOUNT)
                .list();
    }

    /** The account of this name, in any spelling, enabled or not. */
    Optional<Account> find(String username) {
        return jdbc.sql("select username, role, enabled, created_at from account where folded_username = ?")
                .param(fold(username))
                .query(ACCOUNT)
                .optional();
    }

    /** Whether there is an account of this name, enabled or not. */
    public boolean exists(String username) {
        return jdbc.sql("select count(*) from account where folded_username = ?").param(fold(username))
                .query(Long.class).single() > 0;
    }

    /** Whether the account, enabled or not, has this password. */
    boolean hasPassword(String username, String password) {
        return jdbc.sql("select password_hash from account where folded_username = ?")
                .param(fold(username))
                .query(String.class).optional()
                .map(hash -> passwords.matches(password, hash))
                .orElse(false);
    }

    /**
     * The enabled account of this name, in any spelling, as it signs in. A disabled account is not found, exactly as
     * a name nobody has: signing in says nothing about it, not even by taking less time.
     */
    public SignedInAccount loadUserByUsername(String username) {
        String folded = fold(username);
        if (folded.length() > MAX_USERNAME) {
            throw new UsernameNotFoundException("no such account");
        }
        return jdbc.sql("""
                        select username, password_hash, role, credentials_version from account
                         where folded_username = ? and enabled""")
                .param(folded)
                .query((rs, row) -> new SignedInAccount(rs.getString("username"), rs.getString("password_hash"),
                        Role.valueOf(rs.getString("role")), rs.getLong("credentials_version")))
                .optional()
                .orElseThrow(() -> new UsernameNotFoundException("no such account"));
    }

    /**
     * Whether a password is made only of blanks, invisible formatting and control characters (or is empty): what a
     * stray key or a badly quoted setting gives, never a password a person chose.
     */
    static boolean isBlank(String password) {
        return password.codePoints().allMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c)
                || Character.isISOControl(c) || Character.getType(c) == Character.FORMAT);
    }

    /**
     * A new account's credentials start at a random version, not at 0: a session of a removed account of the same name
     * holds the version it had, and would otherwise come back to life, with the old role, once the name is given to
     * an account again (a QA of 8 December did that).
     */
    private int insert(String username, String hash, Role role) {
        return jdbc.sql("""
                        insert into account (username, folded_username, password_hash, role, created_at,
                                             credentials_version)
                        values (?, ?, ?, ?, ?, ?)""")
                .params(username, fold(username), hash, role.name(), Timestamps.utc(Timestamps.now(clock)),
                        VERSIONS.nextLong(Long.MAX_VALUE / 2))
                .update();
    }

    /**
     * Refuses to take away the last enabled admin. The enabled admins are locked while the caller's transaction
     * lasts, so two admins disabling each other at once cannot leave none.
     */
    private void keepAnAdminBesides(String username, String what) {
        List<String> admins = jdbc.sql("""
                        select folded_username from account where role = 'ADMIN' and enabled for update""")
                .query(String.class).list();
        if (admins.equals(List.of(fold(username)))) {
            throw new LastAdmin(username + " is the only enabled admin, so it cannot be " + what
                    + ": add or enable another admin first.");
        }
    }

    /**
     * Whether a page's link can hold this name: the rule for the first admin's, looser than that for new names, so that
     * a name earlier versions took ({@code news desk}) still starts; dots alone and a slash made no working link.
     */
    static boolean isLinkable(String username) {
        return username != null && !username.isBlank() && !DOTS.matcher(username).matches()
                && username.chars().noneMatch(c -> "/\\;%?#".indexOf(c) >= 0 || Character.isISOControl(c));
    }

    static void checkUsername(String username) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new InvalidInput("username", "a name is 1 to " + MAX_USERNAME
                    + " letters, digits, '.', '_', '@' or '-', not dots alone");
        }
    }

    /**
     * Long enough to resist guessing, not the account's name and a few characters, nor a few characters repeated; at
     * most 72 bytes, all bcrypt reads.
     */
    static void checkPassword(String username, String password) {
        checkVisible(password);
        checkLength(password);
        if (password.length() < MIN_PASSWORD) {
            throw new InvalidInput("password", "a password has at least " + MIN_PASSWORD + " characters");
        }
        if (password.codePoints().distinct().count() < MIN_DISTINCT_CHARACTERS) {
            throw new InvalidInput("password", "a password needs at least " + MIN_DISTINCT_CHARACTERS
                    + " different characters, not a few repeated");
        }
        String name = fold(username);
        if (!name.isEmpty() && fold(password).replace(name, "").length() < MIN_BEYOND_NAME) {
            throw new InvalidInput("password", "a password needs more than the account's name and a few characters");
        }
    }

    /** Whether bcrypt reads the whole password: one over 72 bytes is refused rather than cut. */
    static void checkLength(String password) {
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            throw new InvalidInput("password", "a password has at most " + MAX_PASSWORD_BYTES + " bytes "
                    + "(72 plain letters)");
        }
    }

    private static void checkVisible(String password) {
        if (password == null || isBlank(password)) {
            throw new InvalidInput("password", "a password needs letters, digits or signs, not only blanks or "
                    + "control characters");
        }
    }

    /** An account as the Users page lists it; never its password hash. */
    public record Account(String username, Role role, boolean enabled, Instant createdAt) {
    }
}
