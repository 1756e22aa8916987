package news.dispatch.web.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import news.dispatch.core.h2.ClosedDatabase;
import news.dispatch.web.account.LoginThrottled;
import news.dispatch.web.problem.Problems;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.InternalAuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.stereotype.Component;

/**
 * The API's 401, 403 and throttled sign-ins' 429, as problem details like every other error; and 503 when the
 * credentials could not be checked at all (the accounts' database is unreachable), so that a client does not take an
 * outage for a wrong password.
 */
@Component
class ProblemAuthenticationAnswers implements AuthenticationEntryPoint, AccessDeniedHandler {

    private final Problems problems;

    ProblemAuthenticationAnswers(Problems problems) {
        this.problems = problems;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response,
                         AuthenticationException exception) throws IOException {
        if (exception instanceof LoginThrottled throttled) {
            response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(throttled.retryAfterSeconds()));
            problems.write(request, response, HttpStatus.TOO_MANY_REQUESTS,
                    "Too many failed sign-ins from your address or for this account. Try again later.");
            return;
        }
        if (exception instanceof InternalAuthenticationServiceException) {
            problems.write(request, response, HttpStatus.SERVICE_UNAVAILABLE, ClosedDatabase.in(exception)
                    .map(closed -> "Sign-in cannot be checked: " + ClosedDatabase.ADVICE + ".")
                    .orElse("Sign-in cannot be checked right now. Try again in a moment."));
            return;
        }
        // Never a Basic challenge: a browser would prompt for a password and then send it along with every request
        // any page makes to us. Bearer is a scheme browsers do not prompt for; clients send Basic without being asked.
        if (exception instanceof ApiTokenRefused) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"Dispatch\", error=\"invalid_token\"");
            problems.write(request, response, HttpStatus.UNAUTHORIZED, "The API token is unknown or revoked.");
            return;
        }
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"Dispatch\"");
        problems.write(request, response, HttpStatus.UNAUTHORIZED, "Sign in with an editor or admin account (HTTP Basic, "
                + "sent with the request) or an API token (Bearer).");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response,
                       AccessDeniedException exception) throws IOException {
        problems.write(request, response, HttpStatus.FORBIDDEN, "Your account's role does not allow this.");
    }
}
