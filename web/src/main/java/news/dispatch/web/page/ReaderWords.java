package news.dispatch.web.page;

import jakarta.servlet.http.HttpServletRequest;

import gg.jte.Content;
import news.dispatch.core.subscriber.Language;
import news.dispatch.core.subscriber.Words;

import org.springframework.http.HttpHeaders;
import org.springframework.web.util.HtmlUtils;

/**
 * The words of the readers' pages, from the bundle {@value #BUNDLE} ({@code messages_en.properties} and its
 * translations): in the reader's language on the pages of their links, in the browser's elsewhere. Staff pages stay
 * English. Public because the precompiled templates call it.
 */
public final class ReaderWords {

    public static final String BUNDLE = "news.dispatch.web.reader.messages";

    /** The query parameter that names the language of a page that does not know its reader. */
    public static final String LANG = "lang";

    private ReaderWords() {
    }

    public static Words in(Language language) {
        return Words.of(BUNDLE, language);
    }

    /**
     * In the language the address names ({@code ?lang=fr}), which the readers' pages and emails put on their links to
     * pages that do not know the reader (the sign-up form, a form's expired or refused answer, a page opened again),
     * else in the one the browser asks for ({@code Accept-Language}) among ours, else in {@code otherwise}: a French
     * reader whose browser speaks English keeps reading French.
     */
    public static Words forBrowser(HttpServletRequest request, Language otherwise) {
        String named = request.getParameter(LANG);
        for (Language language : Language.values()) {
            if (language.code().equalsIgnoreCase(named)) {
                return in(language);
            }
        }
        return in(BrowserLanguage.of(request.getHeader(HttpHeaders.ACCEPT_LANGUAGE)).orElse(otherwise));
    }

    /**
     * A message that holds markup of its own ({@code <strong>{0}</strong>}), its arguments escaped: what readers
     * typed never becomes markup.
     */
    public static Content markup(Words words, String key, Object... arguments) {
        Object[] escaped = new Object[arguments.length];
        for (int i = 0; i < arguments.length; i++) {
            escaped[i] = arguments[i] instanceof String text ? HtmlUtils.htmlEscape(text) : arguments[i];
        }
        String message = escaped.length == 0 ? words.get(key) : words.get(key, escaped);
        return output -> output.writeContent(message);
    }
}
