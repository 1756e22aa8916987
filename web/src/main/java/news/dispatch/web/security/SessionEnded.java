package news.dispatch.web.security;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.web.savedrequest.SimpleSavedRequest;

/**
 * A staff form sent after its session ended (Dispatch restarted, or the session timed out): its token went with the
 * session, and what it sent is lost. The sign-in page says so, and signing in leads back to the staff page the form
 * was on, when the browser named it. Until 7 December the refusal's page was itself a staff page: signing in led to
 * it, and it told an admin that their account was an editor's.
 */
final class SessionEnded {

    /** Where Spring Security's session request cache keeps the page to return to after signing in. */
    private static final String RETURN_TO = "SPRING_SECURITY_SAVED_REQUEST";

    private SessionEnded() {
    }

    static void signInAgain(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String formPage = formPage(request.getHeader("Referer"));
        if (formPage != null) {
            request.getSession().setAttribute(RETURN_TO, new SimpleSavedRequest(formPage));
        }
        response.sendRedirect(request.getContextPath() + "/login?expired");
    }

    /** The path and query of the page the form was on, if it is a staff page; never another host. */
    static String formPage(String referer) {
        if (referer == null) {
            return null;
        }
        try {
            URI page = new URI(referer);
            String path = page.getRawPath();
            if (path == null || !(path.equals("/admin") || path.startsWith("/admin/") || path.equals("/editor")
                    || path.startsWith("/editor/") || path.equals("/account"))) {
                return null;
            }
            return page.getRawQuery() == null ? path : path + "?" + page.getRawQuery();
        } catch (URISyntaxException notAnAddress) {
            return null;
        }
    }
}
