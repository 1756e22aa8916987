package news.dispatch.core.article;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import news.dispatch.core.InvalidInput;
import news.dispatch.core.tag.Tag;
import org.junit.jupiter.api.Test;

class NewArticleTest {

    private static String body(String html) {
        return new NewArticle("Title", null, html, null, null, null, List.of(Tag.of("a"))).body();
    }

    @Test
    void aTitleCountsCharactersAsPeopleDoAnEmojiOne() {
        String rockets = "\uD83D\uDE80".repeat(300);

        assertThat(new NewArticle(rockets, null, null, null, null, null, List.of(Tag.of("a"))).title())
                .isEqualTo(rockets);
        assertThat(new NewArticle("a".repeat(299) + "\uD83D\uDE80", null, null, null, null, null,
                List.of(Tag.of("a"))).title()).hasSize(301);
        assertThatThrownBy(() -> new NewArticle(rockets + "!", null, null, null, null, null, List.of(Tag.of("a"))))
                .isInstanceOf(InvalidInput.class).hasMessage("title must be at most 300 characters");
    }

    @Test
    void aLinkOnAnInternationalDomainIsKeptInItsAsciiForm() {
        assertThat(NewArticle.parseUrl("https://B\u00fccher.example/st\u00e4dte?q=\u00fc#teil"))
                .hasToString("https://xn--bcher-kva.example/st%C3%A4dte?q=%C3%BC#teil");
        assertThat(NewArticle.parseUrl("https://ed:pw@b\u00fccher.example:8443/a")).hasToString(
                "https://ed:pw@xn--bcher-kva.example:8443/a");
        assertThat(NewArticle.parseUrl("https://news.example/a?b=c")).hasToString("https://news.example/a?b=c");
        assertThatThrownBy(() -> NewArticle.parseUrl("https://stra\u00dfe.example/"))
                .isInstanceOf(InvalidInput.class).hasMessageStartingWith("url's domain holds \u00df or \u03c2");
        assertThatThrownBy(() -> NewArticle.parseUrl("https://b\u00fccher..example/"))
                .isInstanceOf(InvalidInput.class).hasMessageStartingWith("url is not a web address");
    }

    /** One page however its address is written: it was four stories, each "new" (QA, 7 December). */
    @Test
    void aLinkIsKeptAsOnePageHasItSchemeAndDomainInLowerCaseWithoutItsOwnPort() {
        for (String written : List.of("http://example.com/Up", "HTTP://EXAMPLE.COM/Up", "http://Example.com:80/Up")) {
            assertThat(NewArticle.parseUrl(written)).as(written).hasToString("http://example.com/Up");
        }
        assertThat(NewArticle.parseUrl("HTTPS://News.Example:443/A?B=C#D")).hasToString("https://news.example/A?B=C#D");
        assertThat(NewArticle.parseUrl("https://news.example:8443/a")).hasToString("https://news.example:8443/a");
        assertThat(NewArticle.parseUrl("http://news.example:443/a")).hasToString("http://news.example:443/a");
        for (String written : List.of("http://example.com/%55p", "http://example.com/./Up", "http://example.com/a/../Up")) {
            assertThat(NewArticle.parseUrl(written)).as(written).hasToString("http://example.com/Up");
        }
        assertThat(NewArticle.parseUrl("http://example.com/a%2fb?q=%7e%2f")).hasToString("http://example.com/a%2Fb?q=~%2F");
        assertThat(NewArticle.parseUrl("http://example.com/Up#live-12")).as("a fragment is a place of its own")
                .hasToString("http://example.com/Up#live-12");
        for (String port : List.of("http://example.com:99999/", "http://example.com:0/Up")) {
            assertThatThrownBy(() -> NewArticle.parseUrl(port)).isInstanceOf(InvalidInput.class)
                    .hasMessage("url's port must be between 1 and 65535");
        }
    }

    @Test
    void aPublicationTimeHasAFourDigitYear() {
        assertThatThrownBy(() -> new NewArticle("Title", null, null, null, null,
                Instant.parse("+999999-01-01T00:00:00Z"), List.of(Tag.of("a")))).isInstanceOf(InvalidInput.class)
                .hasMessage("publishedAt must be a time between the years 1900 and 9999");
        assertThat(new NewArticle("Title", null, null, null, null, Instant.parse("9999-12-31T23:59:59Z"),
                List.of(Tag.of("a"))).publishedAt()).isEqualTo(Instant.parse("9999-12-31T23:59:59Z"));
    }

    @Test
    void textCutToALimitNeverEndsInHalfACharacter() {
        String cut = NewArticle.shortened("\uD83D\uDE80".repeat(200), 150);

        assertThat(cut.codePointCount(0, cut.length())).isEqualTo(150);
        assertThat(cut).isEqualTo("\uD83D\uDE80".repeat(149) + "…");
        assertThat(NewArticle.shortened("short", 150)).isEqualTo("short");
    }

    @Test
    void keepsTheFormattingOfABody() {
        assertThat(body("<p>Airlines <b>rush</b> to patch <a href=\"https://news.example/a\">jets</a></p>"))
                .isEqualTo("<p>Airlines <b>rush</b> to patch "
                        + "<a href=\"https://news.example/a\" rel=\"nofollow noopener\">jets</a></p>");
    }

    @Test
    void dropsWhatCouldRunOrRestyleAPage() {
        String cleaned = body("<p onclick=\"steal()\" style=\"position:fixed\">Hi</p><script>alert(1)</script>"
                + "<iframe src=\"https://evil.example\"></iframe><a href=\"javascript:alert(1)\">x</a>"
                + "<img src=\"http://tracker.example/p.gif\" onerror=\"x()\">");
        assertThat(cleaned).doesNotContain("script", "onclick", "style", "iframe", "javascript", "onerror");
        assertThat(cleaned).contains("<p>Hi</p>");
    }

    @Test
    void plainTextStaysPlainText() {
        assertThat(body("A story & its facts")).isEqualTo("A story &amp; its facts");
    }
}
