package news.dispatch.web.security;

import org.springframework.security.core.AuthenticationException;

/** A bearer token that is malformed, unknown or revoked, or whose account is gone. */
class ApiTokenRefused extends AuthenticationException {

    ApiTokenRefused() {
        super("unknown or revoked API token");
    }
}
