package news.dispatch.web.security;

import java.nio.charset.StandardCharsets;

import news.dispatch.web.account.Accounts;

import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Passwords as bcrypt hashes them, read whole: bcrypt reads the first 72 bytes only, so an account whose password
 * was exactly 72 bytes long signed in with any text after it (a QA of 8 December). A longer password than any
 * account can have is now simply wrong; none is ever stored (the Users page and the settings refuse them).
 */
final class WholePasswords implements PasswordEncoder {

    private final PasswordEncoder hashes;

    WholePasswords(PasswordEncoder hashes) {
        this.hashes = hashes;
    }

    @Override
    public String encode(CharSequence password) {
        return hashes.encode(password);
    }

    @Override
    public boolean matches(CharSequence password, String hash) {
        if (password != null
                && password.toString().getBytes(StandardCharsets.UTF_8).length > Accounts.MAX_PASSWORD_BYTES) {
            return false;
        }
        return hashes.matches(password, hash);
    }

    @Override
    public boolean upgradeEncoding(String hash) {
        return hashes.upgradeEncoding(hash);
    }
}
