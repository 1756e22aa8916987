package news.dispatch.web.account;

import java.time.Clock;
import java.util.Optional;

import news.dispatch.core.jdbc.Timestamps;

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

    private Optional<UserDetails> find(String username) {
        return jdbc.sql("select username, password_hash, role from account where username = ?")
                .param(username)
                .query((rs, row) -> User.withUsername(rs.getString(1))
                        .password(rs.getString(2))
                        .authorities(Role.valueOf(rs.getString(3)).authority())
                        .build())
                .optional();
    }
}
