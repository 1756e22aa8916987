package news.dispatch.web.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import news.dispatch.core.InvalidInput;
import news.dispatch.core.jdbc.Timestamps;
import news.dispatch.core.link.LinkTokens;
import news.dispatch.web.problem.Conflict;
import news.dispatch.web.problem.Forbidden;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.stereotype.Repository;

/**
 * API tokens, for scripts and other machines that call the API, so that nobody need put a person's password in a
 * script. An admin names a token and gives it a role; its secret is shown once, when it is made, and only its SHA-256
 * is kept. A token acts for the account that made it, with its own role but never more than that account has now; it
 * works until it is revoked or that account is gone.
 */
@Repository
public class ApiTokens {

    private static final Logger log = LoggerFactory.getLogger(ApiTokens.class);

    /** How every secret starts, so that one found in a log or a repository is known for what it is. */
    public static final String PREFIX = "dispatch_";
    private static final Pattern SECRET = Pattern.compile(Pattern.quote(PREFIX) + "([0-9]{1,18})_([A-Za-z0-9_-]{43})");
    private static final int MAX_NAME = 100;
    /** Last use is kept to the minute: a busy script need not write a row on every call. */
    private static final Duration USE_RESOLUTION = Duration.ofMinutes(1);

    /** What an admin may see of a token: everything but its hash. */
    private static final String COLUMNS = "id, name, role, created_by, created_at, last_used_at, revoked_at";
    private static final RowMapper<ApiToken> TOKEN = (rs, row) -> new ApiToken(rs.getLong("id"),
            rs.getString("name"), Role.valueOf(rs.getString("role")), rs.getString("created_by"),
            Timestamps.read(rs, "created_at"), Timestamps.read(rs, "last_used_at"), Timestamps.read(rs, "revoked_at"));

    private final JdbcClient jdbc;
    private final Clock clock;

    ApiTokens(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Makes a token.
     *
     * @param maker who makes it: the account it will act for, with at most the role {@code maker} has now
     * @return the token and its secret, which is not kept and cannot be shown again
     * @throws InvalidInput naming {@code name} or {@code role}
     * @throws Forbidden when {@code maker} is itself a token: a leaked token could otherwise make others that outlive
     *                   its revocation, in its maker's name (a QA of 8 December)
     */
    public Minted create(String name, String role, Authentication maker) {
        if (!(maker.getPrincipal() instanceof SignedInAccount)) {
            throw new Forbidden("An API token cannot make tokens: a person makes them, signed in or with HTTP "
                    + "Basic, so that revoking a token ends all it could do.");
        }
        String label = name == null ? "" : name.strip();
        if (label.isEmpty() || label.length() > MAX_NAME || label.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidInput("name", "name is 1 to " + MAX_NAME + " characters on one line, say what the "
                    + "token is for");
        }
        Role granted = role(role);
        Role makerRole = maker.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .anyMatch(Role.ADMIN.authority()::equals) ? Role.ADMIN : Role.EDITOR;
        if (!makerRole.includes(granted)) {
            throw new InvalidInput("role", "role cannot be " + granted + ": a token gets no more than its maker's "
                    + "role, " + makerRole);
        }
        String secret = LinkTokens.random();
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        try {
            jdbc.sql("""
                            insert into api_token (name, role, secret_hash, created_by, created_at)
                            values (?, ?, ?, ?, ?)""")
                    .params(label, granted.name(), LinkTokens.hash(secret), maker.getName(),
                            Timestamps.utc(Timestamps.now(clock)))
                    .update(key, "id");
        } catch (DataIntegrityViolationException makerRemoved) {
            // The maker's account was removed between signing in and now (a QA raced the two: a 500 until 8 December).
            throw new Conflict("Your account was removed meanwhile: no token was made.");
        }
        long id = key.getKey().longValue();
        log.info("API token {} '{}' made as {} by '{}'", id, label, granted, maker.getName());
        return new Minted(find(id).orElseThrow(), PREFIX + id + "_" + secret);
    }

    /** Every token, revoked ones too, newest first. */
    public List<ApiToken> list() {
        return jdbc.sql("select " + COLUMNS + " from api_token order by created_at desc, id desc").query(TOKEN).list();
    }

    /** The names of the tokens an account made that still work: what stops with the account. */
    List<String> madeBy(String username) {
        return jdbc.sql("""
                        select t.name from api_token t join account a on a.username = t.created_by
                         where a.folded_username = ? and t.revoked_at is null order by t.name""")
                .param(Accounts.fold(username))
                .query(String.class).list();
    }

    public Optional<ApiToken> find(long id) {
        return jdbc.sql("select " + COLUMNS + " from api_token where id = ?").param(id).query(TOKEN).optional();
    }

    /**
     * Revokes a token: it is refused from now on. Revoking it again changes nothing.
     *
     * @param by who revokes it, for the log ({@link #who})
     * @return whether there is such a token
     */
    public boolean revoke(long id, String by) {
        int revoked = jdbc.sql("update api_token set revoked_at = ? where id = ? and revoked_at is null")
                .params(Timestamps.utc(Timestamps.now(clock)), id)
                .update();
        if (revoked == 1) {
            log.info("API token {} revoked by {}", id, by);
        }
        return find(id).isPresent();
    }

    /**
     * Who a presented secret stands for, and notes its use.
     *
     * @return the account it acts for and with what role; empty for a malformed, unknown or revoked secret, or one
     *         whose account is gone or disabled
     */
    public Optional<Bearer> bearer(String presented) {
        Matcher parts = presented == null ? null : SECRET.matcher(presented);
        if (parts == null || !parts.matches()) {
            return Optional.empty();
        }
        long id = Long.parseLong(parts.group(1));
        byte[] hash = LinkTokens.hash(parts.group(2)).getBytes(StandardCharsets.US_ASCII);
        Optional<Bearer> bearer = jdbc.sql("""
                        select t.secret_hash, t.role, a.username, a.role as account_role
                        from api_token t join account a on a.username = t.created_by
                        where t.id = ? and t.revoked_at is null and a.enabled""")
                .param(id)
                .query((rs, row) -> new Stored(rs.getString("secret_hash"), new Bearer(id, rs.getString("username"),
                        lesser(Role.valueOf(rs.getString("role")), Role.valueOf(rs.getString("account_role"))))))
                .optional()
                .filter(stored -> MessageDigest.isEqual(hash, stored.hash().getBytes(StandardCharsets.US_ASCII)))
                .map(Stored::bearer);
        bearer.ifPresent(this::noteUse);
        return bearer;
    }

    /**
     * Who made a change, for the log: the person, or the person's token, so that what a script did is not taken for
     * what its maker did by hand.
     */
    public static String who(Authentication actor) {
        return actor.getDetails() instanceof Bearer bearer
                ? "'" + actor.getName() + "' through API token " + bearer.tokenId()
                : "'" + actor.getName() + "'";
    }

    private void noteUse(Bearer bearer) {
        Instant now = Timestamps.now(clock);
        jdbc.sql("update api_token set last_used_at = ? where id = ? and (last_used_at is null or last_used_at < ?)")
                .params(Timestamps.utc(now), bearer.tokenId(), Timestamps.utc(now.minus(USE_RESOLUTION)))
                .update();
    }

    private static Role role(String role) {
        try {
            return Role.valueOf(String.valueOf(role).strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInput("role", "role must be EDITOR or ADMIN");
        }
    }

    private static Role lesser(Role a, Role b) {
        return a.includes(b) ? b : a;
    }

    private record Stored(String hash, Bearer bearer) {
    }

    /** A token as admins see it: never its secret. */
    public record ApiToken(long id, String name, Role role, String createdBy, Instant createdAt,
                           @Nullable Instant lastUsedAt, @Nullable Instant revokedAt) {
    }

    /** A token just made, with its secret: the one time the secret is seen. */
    public record Minted(ApiToken token, String secret) {
    }

    /** Who a request with a token acts as: the token's maker, with the token's role (capped by the maker's). */
    public record Bearer(long tokenId, String username, Role role) {
    }
}
