package news.dispatch.web.account;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import news.dispatch.core.InvalidInput;
import news.dispatch.core.jdbc.Timestamps;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Repository;

/** Editor and admin accounts, their passwords kept only as strong one-way hashes. */
@Repository
public class Accounts implements UserDetailsService {

    public static final int MIN_PASSWORD = 12;
    private static final int MAX_PASSWORD_BYTES = 72;
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{1,100}");

    private final JdbcClient jdbc;
    private final PasswordEncoder passwords;
    private final Clock clock;

    Accounts(JdbcClient jdbc, PasswordEncoder passwords, Clock clock) {
        this.jdbc = jdbc;
        this.passwords = passwords;
        this.clock = clock;
    }

    /** Creates the account, or gives an existing one this password and role. */
    public void save(String username, String password, Role role) {
        String hash = passwords.encode(password);
        int updated = jdbc.sql("update account set password_hash = ?, role = ? where username = ?")
                .params(hash, role.name(), username)
                .update();
        if (updated == 0) {
            jdbc.sql("insert into account (username, password_hash, role, created_at) values (?, ?, ?, ?)")
                    .params(username, hash, role.name(), Timestamps.utc(Timestamps.now(clock)))
                    .update();
        }
    }

    /**
     * Creates an account, never touching an existing one.
     *
     * @return whether it was created; {@code false} when the name is taken
     * @throws InvalidInput naming {@code username} or {@code password} when one breaks the rules
     */
    public boolean create(String username, String password, Role role) {
        checkUsername(username);
        checkPassword(password);
        try {
            return jdbc.sql("insert into account (username, password_hash, role, created_at) values (?, ?, ?, ?)")
                    .params(username, passwords.encode(password), role.name(), Timestamps.utc(Timestamps.now(clock)))
                    .update() == 1;
        } catch (DuplicateKeyException taken) {
            return false;
        }
    }

    /**
     * Gives an account a new password; its role stays.
     *
     * @return whether there is such an account
     * @throws InvalidInput naming {@code password} when it breaks the rules
     */
    public boolean changePassword(String username, String password) {
        checkPassword(password);
        return jdbc.sql("update account set password_hash = ? where username = ?")
                .params(passwords.encode(password), username)
                .update() == 1;
    }

    /** Every account, by name. */
    public List<Account> list() {
        return jdbc.sql("select username, role, created_at from account order by username")
                .query((rs, row) -> new Account(rs.getString("username"), Role.valueOf(rs.getString("role")),
                        Timestamps.read(rs, "created_at")))
                .list();
    }

    public boolean exists(String username) {
        return jdbc.sql("select count(*) from account where username = ?").param(username)
                .query(Long.class).single() > 0;
    }

    boolean hasPassword(String username, String password) {
        return find(username).map(user -> passwords.matches(password, user.getPassword())).orElse(false);
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        return find(username).orElseThrow(() -> new UsernameNotFoundException("no such account"));
    }

    private static void checkUsername(String username) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new InvalidInput("username", "a name is 1 to 100 letters, digits, '.', '_', '@' or '-'");
        }
    }

    /** Long enough to resist guessing; at most 72 bytes, all bcrypt reads. */
    private static void checkPassword(String password) {
        if (password == null || password.length() < MIN_PASSWORD) {
            throw new InvalidInput("password", "a password has at least " + MIN_PASSWORD + " characters");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            throw new InvalidInput("password", "a password has at most " + MAX_PASSWORD_BYTES + " bytes "
                    + "(72 plain letters)");
        }
    }

    private Optional<UserDetails> find(String username) {
        return jdbc.sql("select username, password_hash, role from account where username = ?")
                .param(username)
                .query((rs, row) -> User.withUsername(rs.getString(1))
                        .password(rs.getString(2))
                        .authorities(Role.valueOf(rs.getString(3)).authority())
                        .build())
                .optional();
    }

    /** An account as the Users page lists it; never its password hash. */
    public record Account(String username, Role role, Instant createdAt) {
    }
}
