package news.dispatch.web.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLNonTransientConnectionException;

import jakarta.servlet.RequestDispatcher;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.autoconfigure.web.WebProperties;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorViewResolver;
import org.springframework.boot.webmvc.error.DefaultErrorAttributes;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.mock.web.MockHttpServletRequest;

/**
 * A failure that reached the container is a {@code 500} problem, unless it is the embedded database closed under a
 * filter (a full disk): then a {@code 503} that says what to do, which a staff member's session met as a {@code 500}
 * until the re-test of an operator's QA, 7 December 2026.
 */
class ErrorProblemsTest {

    private final ErrorProblems problems = new ErrorProblems(new DefaultErrorAttributes(), new WebProperties(),
            new StaticListableBeanFactory().getBeanProvider(ErrorViewResolver.class));

    @Test
    void theEmbeddedDatabaseClosedUnderAFilterIsA503ThatSaysWhatToDo() {
        var closed = problems.error(failed(new DataAccessResourceFailureException("select count(*) from account",
                new SQLNonTransientConnectionException("The database has been closed [90098-252]", "90098", 90098))));

        assertThat(closed.getStatusCode().value()).isEqualTo(503);
        assertThat(closed.getBody()).containsEntry("instance", "/admin").containsEntry("detail",
                "Dispatch's embedded database closed after a write of its file failed (is the disk full?); free space"
                        + " and restart Dispatch.");

        var other = problems.error(failed(new IllegalStateException("a bug")));
        assertThat(other.getStatusCode().value()).isEqualTo(500);
        assertThat(other.getBody()).containsEntry("detail", "Something went wrong on our side. It has been logged.");
    }

    private static MockHttpServletRequest failed(Exception failure) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/error");
        request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, 500);
        request.setAttribute(RequestDispatcher.ERROR_EXCEPTION, failure);
        request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, "/admin");
        return request;
    }
}
