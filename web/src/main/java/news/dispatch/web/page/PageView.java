package news.dispatch.web.page;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import gg.jte.models.runtime.JteModel;
import gg.jte.output.PrintWriterOutput;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.View;

/**
 * A page from a typed template, one of the generated {@code Templates}' methods, so the compiler checks what each
 * page is given. Spring MVC still answers: the status the controller chose, its headers and Spring Security's; the
 * view only writes the HTML, in UTF-8, as JTE's own view resolver did.
 */
public final class PageView implements View {

    /**
     * What advice rather than the controller puts in the model: the signed-in {@link Staff} on staff pages
     * ({@code StaffModel}), the readers' CSRF token on theirs. Either is null where no advice supplies it.
     */
    public record Shared(Staff staff, CsrfToken csrf) {
    }

    private final Function<Shared, JteModel> template;

    private PageView(Function<Shared, JteModel> template) {
        this.template = template;
    }

    /** The page, with the status the response already has (200 unless something set another). */
    public static ModelAndView of(JteModel template) {
        return of(shared -> template);
    }

    public static ModelAndView of(JteModel template, HttpStatusCode status) {
        return of(shared -> template, status);
    }

    /** A page that prints what advice put in the model: the staff member, or the CSRF token. */
    public static ModelAndView of(Function<Shared, JteModel> template) {
        return new ModelAndView(new PageView(template));
    }

    public static ModelAndView of(Function<Shared, JteModel> template, HttpStatusCode status) {
        ModelAndView page = of(template);
        page.setStatus(status);
        return page;
    }

    @Override
    public String getContentType() {
        return MediaType.TEXT_HTML_VALUE;
    }

    @Override
    public void render(Map<String, ?> model, HttpServletRequest request, HttpServletResponse response)
            throws Exception {
        response.setContentType(MediaType.TEXT_HTML_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        Map<String, ?> advised = model == null ? Map.of() : model;
        Shared shared = new Shared((Staff) advised.get("staff"), (CsrfToken) advised.get("csrf"));
        template.apply(shared).render(new PrintWriterOutput(response.getWriter()));
    }
}
