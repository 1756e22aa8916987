package news.dispatch.web.reader;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import gg.jte.generated.precompiled.Templates;
import news.dispatch.core.SiteSettings;
import news.dispatch.core.article.Articles;
import news.dispatch.core.paging.PageRequest;
import news.dispatch.core.subscriber.Language;
import news.dispatch.core.subscriber.Words;
import news.dispatch.mailer.subscription.ReaderSettings;
import news.dispatch.web.page.PageView;
import news.dispatch.web.page.ReaderWords;
import news.dispatch.web.page.Staff;
import news.dispatch.web.page.TagChoice;

import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * Where a reader lands at {@code /}: what Dispatch is, the latest stories, the tags in the news, and the way to
 * sign up. Signed-in staff are sent on to their own start page, as before there was a front page.
 */
@Controller
class FrontPage {

    static final int LATEST = 8;

    private final Articles articles;
    private final OfferedTags tags;
    private final Clock clock;
    private final Templates templates;
    private final Language defaultLanguage;
    private final SiteSettings site;

    FrontPage(Articles articles, OfferedTags tags, Clock clock, Templates templates, ReaderSettings readers,
              SiteSettings site) {
        this.defaultLanguage = readers.defaultLanguage();
        this.site = site;
        this.articles = articles;
        this.tags = tags;
        this.clock = clock;
        this.templates = templates;
    }

    @GetMapping("/")
    ModelAndView front(HttpServletRequest request) {
        Staff staff = Staff.of(SecurityContextHolder.getContext().getAuthentication(), null);
        if (staff.username() != null) {
            return new ModelAndView(staff.admin() ? "redirect:/admin" : "redirect:/editor/articles");
        }
        List<TagChoice> inTheNews = tags.offered().stream()
                .map(use -> new TagChoice(use.tag().label(), use.articles()))
                .toList();
        Words words = ReaderWords.forBrowser(request, defaultLanguage);
        return PageView.of(templates.readerFront(words, articles.published(Optional.empty(), clock.instant(),
                new PageRequest(0, LATEST)).items(), inTheNews, site.storyLanguageOn(words.lang())));
    }
}
