package news.dispatch.web.account;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.InternalAuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.stereotype.Component;

/**
 * A failed sign-in on the form: a wrong name or password goes back to the form with a message; a throttled one gets
 * the form at once, as a 429 that says how long to wait; one whose account could not be read (the database is down)
 * gets it as a 503 that says so, not as a wrong password.
 */
@Component
class LoginFailures implements AuthenticationFailureHandler {

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
                                        AuthenticationException exception) throws IOException, ServletException {
        if (exception instanceof LoginThrottled throttled) {
            response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(throttled.retryAfterSeconds()));
            request.setAttribute(LoginPage.THROTTLED, throttled.inWords());
            request.getRequestDispatcher(LoginPage.THROTTLED_PATH).forward(request, response);
            return;
        }
        if (exception instanceof InternalAuthenticationServiceException) {
            request.getRequestDispatcher(LoginPage.UNAVAILABLE_PATH).forward(request, response);
            return;
        }
        // The form shown again keeps the name typed (a QA session found it emptied); the password is never kept.
        String name = request.getParameter("username");
        if (name != null && name.length() <= Accounts.MAX_USERNAME) {
            request.getSession().setAttribute(LoginPage.NAME_TYPED, name);
        }
        response.sendRedirect(request.getContextPath() + "/login?error");
    }
}
