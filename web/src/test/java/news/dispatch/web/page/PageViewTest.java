package news.dispatch.web.page;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import gg.jte.generated.precompiled.StaticTemplates;
import gg.jte.generated.precompiled.Templates;
import news.dispatch.core.subscriber.Language;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.web.csrf.DefaultCsrfToken;
import org.springframework.web.servlet.ModelAndView;

/** A typed page answers as JTE's view resolver did: HTML in UTF-8, escaped, with the status the controller chose. */
class PageViewTest {

    private final Templates templates = new StaticTemplates();

    @Test
    void writesTheTemplateAsHtmlInUtf8() throws Exception {
        MockHttpServletResponse response = render(PageView.of(templates.readerInvalidLink(ReaderWords.in(Language.EN), "Café <b>closed</b>",
                "Ünïcode – and “quotes”")), Map.of());

        assertThat(response.getContentType()).isEqualTo("text/html;charset=UTF-8");
        String body = new String(response.getContentAsByteArray(), StandardCharsets.UTF_8);
        assertThat(body).contains("<h1>Café &lt;b", "Ünïcode – and “quotes”").doesNotContain("<b>");
    }

    @Test
    void printsTheStaffMemberAdvicePutInTheModel() throws Exception {
        Staff staff = new Staff("ana.editor", false, new DefaultCsrfToken("X-CSRF-TOKEN", "_csrf", "t0ken"));

        MockHttpServletResponse response = render(PageView.of(shared -> templates.staffDenied(shared.staff(), true)),
                Map.of("staff", staff));

        assertThat(response.getContentAsString()).contains(">ana.editor</a>", "value=\"t0ken\"");
    }

    @Test
    void keepsTheStatusTheControllerChose() {
        assertThat(PageView.of(templates.storyMissing(ReaderWords.in(Language.EN), "gone"), HttpStatus.NOT_FOUND).getStatus())
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(PageView.of(templates.storyMissing(ReaderWords.in(Language.EN), "gone")).getStatus()).isNull();
    }

    private static MockHttpServletResponse render(ModelAndView page, Map<String, ?> model) throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        page.getView().render(model, new MockHttpServletRequest(), response);
        return response;
    }
}
