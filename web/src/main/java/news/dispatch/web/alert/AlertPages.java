package news.dispatch.web.alert;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;

import gg.jte.generated.precompiled.Templates;
import news.dispatch.core.article.Article;
import news.dispatch.core.article.Articles;
import news.dispatch.core.paging.PageRequest;
import news.dispatch.mailer.alert.AlertPreview;
import news.dispatch.mailer.alert.Alerts;
import news.dispatch.mailer.alert.ArticleNotFound;
import news.dispatch.mailer.alert.ArticleNotPublished;
import news.dispatch.web.alert.AlertViews.AlertConfirmation;
import news.dispatch.web.alert.AlertViews.AlertList;
import news.dispatch.web.page.PageView;
import news.dispatch.web.page.StaffPage;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/**
 * Sending an alert from the pages: a confirmation step that shows whom it reaches, by tag, and the email (a dry
 * run), then the POST that sends it; and the list of every alert sent.
 */
@Controller
@StaffPage
class AlertPages {

    private static final int PAGE_SIZE = 20;

    private final Articles articles;
    private final Alerts alerts;
    private final Clock clock;
    private final Templates templates;

    AlertPages(Articles articles, Alerts alerts, Clock clock, Templates templates) {
        this.articles = articles;
        this.alerts = alerts;
        this.clock = clock;
        this.templates = templates;
    }

    @GetMapping("/editor/articles/{id}/alert")
    ModelAndView confirm(@PathVariable String id) {
        Optional<Article> article = find(id);
        if (article.isEmpty()) {
            return missing(id);
        }
        try {
            AlertConfirmation page = new AlertConfirmation(article.get(), alerts.preview(article.get().id()),
                    article.get().publishedAt().isAfter(clock.instant()));
            return PageView.of(shared -> templates.editorAlert(shared.staff(), page));
        } catch (ArticleNotFound gone) {
            return missing(id);
        }
    }

    /**
     * The alert's email as HTML, for the confirmation page's sandboxed frame; its security headers (a sandboxing
     * policy, framing by our pages only) come from {@code FramedEmailSecurity}.
     */
    @GetMapping("/editor/articles/{id}/alert/email")
    ResponseEntity<String> email(@PathVariable String id) {
        Optional<Article> article = find(id);
        if (article.isEmpty()) {
            return ResponseEntity.notFound().build();
        }
        try {
            return ResponseEntity.ok()
                    .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                    .cacheControl(CacheControl.noStore())
                    .body(alerts.preview(article.get().id()).email().html());
        } catch (ArticleNotFound gone) {
            return ResponseEntity.notFound().build();
        }
    }

    /**
     * Sends the alert; a second click, or another editor's, sends nothing and says it was sent before. One that would
     * reach nobody now is not sent from the page (it offers no button then, but a page opened earlier may): sent, the
     * story would count as alerted, to nobody, for good (the API keeps the contract's answer to that).
     */
    @PostMapping("/editor/articles/{id}/alert")
    ModelAndView send(@PathVariable String id, Authentication editor) {
        Optional<Article> article = find(id);
        if (article.isEmpty()) {
            return missing(id);
        }
        try {
            if (!article.get().publishedAt().isAfter(clock.instant())) {
                AlertPreview preview = alerts.preview(article.get().id());
                if (preview.alreadySent() == null && preview.recipients() == 0) {
                    return new ModelAndView("redirect:/editor/articles/" + article.get().id() + "?alert=nobody");
                }
            }
            Alerts.Outcome outcome = alerts.send(article.get().id(), editor.getName());
            return new ModelAndView("redirect:/editor/articles/" + article.get().id() + "?alert="
                    + (outcome.sentNow() ? "sent" : "already"));
        } catch (ArticleNotFound gone) {
            return missing(id);
        } catch (ArticleNotPublished embargoed) {
            return new ModelAndView("redirect:/editor/articles/" + article.get().id() + "?alert=embargoed");
        }
    }

    @GetMapping("/editor/alerts")
    ModelAndView list(@RequestParam(defaultValue = "0") String page) {
        int number;
        try {
            number = Math.max(0, Integer.parseInt(page));
        } catch (NumberFormatException e) {
            number = 0;
        }
        AlertList list = new AlertList(alerts.list(new PageRequest(number, PAGE_SIZE)));
        return PageView.of(shared -> templates.editorAlerts(shared.staff(), list));
    }

    private Optional<Article> find(String id) {
        try {
            return articles.find(Long.parseLong(id));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The editors' page for an article that is not there, as the article pages answer it. */
    private ModelAndView missing(String id) {
        return PageView.of(shared -> templates.editorMissing(shared.staff(), id), HttpStatus.NOT_FOUND);
    }
}
