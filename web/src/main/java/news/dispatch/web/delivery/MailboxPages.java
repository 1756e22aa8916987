package news.dispatch.web.delivery;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import gg.jte.generated.precompiled.Templates;
import news.dispatch.mailer.sandbox.CapturedEmail;
import news.dispatch.mailer.sandbox.SandboxSmtp;
import news.dispatch.web.page.AdminPage;
import news.dispatch.web.page.PageView;
import news.dispatch.web.problem.NotFound;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.ModelAndView;

/**
 * The sandbox's mailbox: the mail it caught, newest first, and one email with its headers, text part and HTML. The
 * HTML is shown in a sandboxed frame from its own address, which answers with a policy of its own (see
 * {@code SecurityConfiguration}): no scripts, no forms, no plugins, nothing loaded but images, framed only by these
 * pages.
 */
@Controller
@AdminPage
class MailboxPages {

    private static final int PAGE_SIZE = 50;

    private final Optional<SandboxSmtp> sandbox;
    private final Templates templates;

    MailboxPages(Optional<SandboxSmtp> sandbox, Templates templates) {
        this.sandbox = sandbox;
        this.templates = templates;
    }

    /** Newest first, 50 a page; {@code q} keeps the emails whose recipient or subject holds it, in any case. */
    @GetMapping("/admin/mailbox")
    ModelAndView list(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "") String q) {
        String query = q.strip();
        String wanted = query.toLowerCase(Locale.ROOT);
        List<CapturedEmail> all = sandbox.map(SandboxSmtp::messages).orElse(List.of()).stream()
                .filter(email -> wanted.isEmpty() || matches(email, wanted))
                .toList();
        // In long arithmetic: page 42,949,673 times 50 overflowed an int and answered a 500.
        int from = (int) Math.min((long) Math.max(0, page) * PAGE_SIZE, all.size());
        List<CapturedEmail> shown = all.subList(from, Math.min(from + PAGE_SIZE, all.size()));
        boolean more = from + PAGE_SIZE < all.size();
        return PageView.of(shared -> templates.staffAdminMailbox(shared.staff(), sandbox.isPresent(), shown,
                Math.max(0, page), more, query));
    }

    private static boolean matches(CapturedEmail email, String wanted) {
        return (email.subject() != null && email.subject().toLowerCase(Locale.ROOT).contains(wanted))
                || email.to().stream().anyMatch(to -> to.toLowerCase(Locale.ROOT).contains(wanted));
    }

    @GetMapping("/admin/mailbox/{id}")
    ModelAndView email(@PathVariable int id) {
        CapturedEmail email = captured(id);
        return PageView.of(shared -> templates.staffAdminEmail(shared.staff(), email));
    }

    /** The email's HTML part alone, for the frame on its page; its headers come from SecurityConfiguration. */
    @GetMapping("/admin/mailbox/{id}/html")
    @ResponseBody
    ResponseEntity<String> html(@PathVariable int id) {
        CapturedEmail email = captured(id);
        return ResponseEntity.ok()
                .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .body(email.html() == null ? "<p>This email has no HTML part.</p>" : email.html());
    }

    private CapturedEmail captured(int id) {
        SandboxSmtp mailbox = sandbox.orElseThrow(() -> new NotFound(
                "The sandbox is off: spring.mail.host is set, so mail goes to a real SMTP server."));
        return mailbox.message(id).orElseThrow(() -> new NotFound("The sandbox holds no email " + id + "."));
    }
}
