package news.dispatch.web.delivery;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import news.dispatch.core.paging.Page;
import news.dispatch.core.paging.PageRequest;
import news.dispatch.mailer.sandbox.CapturedEmail;
import news.dispatch.mailer.sandbox.SandboxSmtp;
import news.dispatch.web.problem.NotFound;

import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The mail the sandbox SMTP server caught, while no real SMTP server is configured. */
@Tag(name = "Sandbox")
@RestController
@RequestMapping("/api/admin/sandbox/messages")
class SandboxController {

    private final Optional<SandboxSmtp> sandbox;

    SandboxController(Optional<SandboxSmtp> sandbox) {
        this.sandbox = sandbox;
    }

    /** Newest first, without their bodies, a page at a time like every list of the API. */
    @GetMapping
    Page<Summary> list(@RequestParam(defaultValue = "0") int page,
                       @RequestParam(defaultValue = "" + PageRequest.DEFAULT_SIZE) int size) {
        PageRequest request = new PageRequest(page, size);
        List<CapturedEmail> messages = sandbox().messages();
        return Page.of(messages.stream().skip(request.offset()).limit(request.size())
                .map(m -> new Summary(m.id(), m.from(), m.to(), m.subject(), m.date())).toList(),
                request, messages.size());
    }

    @GetMapping("/{id}")
    CapturedEmail get(@PathVariable int id) {
        return sandbox().message(id).orElseThrow(() -> new NotFound("The sandbox holds no message " + id + "."));
    }

    private SandboxSmtp sandbox() {
        return sandbox.orElseThrow(() -> new NotFound(
                "The sandbox is off: spring.mail.host is set, so mail goes to a real SMTP server."));
    }

    record Summary(int id, String from, List<String> to, String subject, Instant date) {
    }
}
