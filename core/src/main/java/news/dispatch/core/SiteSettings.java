package news.dispatch.core;

import java.net.URI;
import java.util.Locale;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where readers reach this Dispatch, and what they read there.
 *
 * @param baseUrl       absolute URL that links in emails and pages start with, as readers' browsers reach it
 * @param storyLanguage the language the newsroom's stories are written in, as a BCP 47 tag ({@code de},
 *                      {@code pt-BR}): pages and emails in another language mark the stories' titles and texts with
 *                      it, so that a screen reader reads them in their own language's voice (WCAG 3.1.2). None by
 *                      default: nothing is marked
 */
@ConfigurationProperties("dispatch")
public record SiteSettings(@DefaultValue("http://localhost:8080") URI baseUrl, String storyLanguage) {

    public SiteSettings {
        storyLanguage = storyLanguage == null || storyLanguage.isBlank() ? null : storyLanguage.strip();
        if (storyLanguage != null && (!Locale.forLanguageTag(storyLanguage).getLanguage().matches("[a-z]{2,3}")
                || !Locale.forLanguageTag(storyLanguage).toLanguageTag().equalsIgnoreCase(storyLanguage))) {
            throw new IllegalArgumentException("dispatch.story-language must be a language tag such as de or pt-BR, "
                    + "was " + storyLanguage);
        }
        if (!baseUrl.isAbsolute() || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("dispatch.base-url must be an absolute URL, was " + baseUrl);
        }
        if (!"http".equalsIgnoreCase(baseUrl.getScheme()) && !"https".equalsIgnoreCase(baseUrl.getScheme())) {
            throw new IllegalArgumentException("dispatch.base-url must be an http or https address, as readers' "
                    + "browsers open the links in their emails, was " + baseUrl);
        }
    }

    /** The stories' language where it is not the language of the page or email ({@code en}, {@code de}), or null. */
    public String storyLanguageOn(String language) {
        return storyLanguage == null || Locale.forLanguageTag(storyLanguage).getLanguage().equals(language) ? null
                : storyLanguage;
    }
}
