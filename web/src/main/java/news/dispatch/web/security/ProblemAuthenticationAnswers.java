package news.dispatch.web.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import news.dispatch.web.problem.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.stereotype.Component;

/** The API's 401 and 403, as problem details like every other error. */
@Component
class ProblemAuthenticationAnswers implements AuthenticationEntryPoint, AccessDeniedHandler {

    private final Problems problems;

    ProblemAuthenticationAnswers(Problems problems) {
        this.problems = problems;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response,
                         AuthenticationException exception) throws IOException {
        response.setHeader("WWW-Authenticate", "Basic realm=\"Dispatch\"");
        problems.write(response, HttpStatus.UNAUTHORIZED, "Sign in with an editor or admin account (HTTP Basic).");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response,
                       AccessDeniedException exception) throws IOException {
        problems.write(response, HttpStatus.FORBIDDEN, "Your account's role does not allow this.");
    }
}
