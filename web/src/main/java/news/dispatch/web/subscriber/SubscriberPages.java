package news.dispatch.web.subscriber;

import java.io.IOException;
import java.security.Principal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import gg.jte.generated.precompiled.Templates;
import news.dispatch.core.InvalidInput;
import news.dispatch.core.paging.Page;
import news.dispatch.core.paging.PageRequest;
import news.dispatch.core.subscriber.Consents;
import news.dispatch.core.subscriber.Language;
import news.dispatch.core.subscriber.Preferences;
import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.core.subscriber.SubscriberStatus;
import news.dispatch.core.tag.Tag;
import news.dispatch.core.suppression.Suppressions;
import news.dispatch.mailer.bounce.Bounces;
import news.dispatch.mailer.outbox.Deliveries;
import news.dispatch.mailer.outbox.Delivery;
import news.dispatch.mailer.roster.ImportReport;
import news.dispatch.mailer.roster.ImportStopped;
import news.dispatch.mailer.roster.Roster;
import news.dispatch.mailer.roster.SubscriberChange;
import news.dispatch.web.page.AdminPage;
import news.dispatch.web.page.Links;
import news.dispatch.web.page.PageView;
import news.dispatch.web.page.ReaderWords;
import news.dispatch.web.page.TagChoice;
import news.dispatch.web.problem.NotFound;
import news.dispatch.web.reader.FormPage;
import news.dispatch.web.reader.ReaderForm;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.support.RequestContextUtils;

/**
 * The Subscribers pages: search, one reader's page with its actions (edit, suspend, reactivate, unsubscribe, erase
 * after a confirmation step), import and export. Plain forms; every change is a POST that redirects.
 */
@Controller
@AdminPage
class SubscriberPages {

    private static final int PAGE_SIZE = 50;
    /** The flash attribute that carries an import's report to the page the import redirects to. */
    private static final String IMPORTED = "imported";

    /** What a redirect after a change tells the admin, by the code in its query string. */
    private static final Map<String, String> NOTICES = Map.of(
            "saved", "The changes are saved.",
            "suspended", "Suspended: no more mail goes to this reader until reactivated.",
            "reactivated", "Reactivated.",
            "unsubscribed", "Unsubscribed: mail queued for this reader was dropped.",
            "erased", "The subscriber was erased. Deliveries made to them are kept without their address.");

    private final Consents consents;
    private final Roster roster;
    private final Deliveries deliveries;
    private final Suppressions suppressions;
    private final Bounces bounces;
    private final Templates templates;
    private final Clock clock;

    SubscriberPages(Roster roster, Deliveries deliveries, Consents consents, Suppressions suppressions,
                    Bounces bounces, Templates templates, Clock clock) {
        this.roster = roster;
        this.consents = consents;
        this.deliveries = deliveries;
        this.suppressions = suppressions;
        this.bounces = bounces;
        this.templates = templates;
        this.clock = clock;
    }

    @GetMapping("/admin/subscribers")
    ModelAndView list(SubscriberFilter filter, @RequestParam(defaultValue = "0") int page,
                      @RequestParam(required = false) String done) {
        try {
            Page<Subscriber> found = roster.search(filter.query(), new PageRequest(Math.max(0, page), PAGE_SIZE));
            return listPage(new SubscriberList(filter, found, null, notice(done)), HttpStatus.OK);
        } catch (InvalidInput invalid) {
            return listPage(new SubscriberList(filter, new Page<>(List.of(), 0, PAGE_SIZE, 0),
                    invalid.getMessage(), null), HttpStatus.BAD_REQUEST);
        }
    }

    @GetMapping("/admin/subscribers/{id}")
    ModelAndView detail(@PathVariable long id, @RequestParam(required = false) String done) {
        Subscriber reader = reader(id);
        List<Delivery> made = deliveries.listFor(id);
        SubscriberDetail detail = new SubscriberDetail(reader,
                made.subList(0, Math.min(SubscriberDetail.SHOWN, made.size())),
                Math.max(0, made.size() - SubscriberDetail.SHOWN), notice(done),
                suppressions.find(reader.email()).orElse(null), bounces.historyOf(id),
                consents.latest(id).orElse(null), reader.preferences().pausedAt(clock.instant()));
        return PageView.of(shared -> templates.staffAdminSubscriber(shared.staff(), detail));
    }

    @GetMapping("/admin/subscribers/{id}/edit")
    ModelAndView edit(@PathVariable long id) {
        Subscriber reader = reader(id);
        return editPage(reader, ReaderForm.of(reader.preferences()),
                MailTimes.of(reader.preferences(), today(reader.preferences().timezone())), Map.of(), null,
                HttpStatus.OK);
    }

    /**
     * The reader's choices as the form holds them, with when their mail comes ({@link MailTimes}); every refused
     * field is shown at once and nothing is saved.
     */
    @PostMapping("/admin/subscribers/{id}/edit")
    ModelAndView save(@PathVariable long id, ReaderForm form, @RequestParam Map<String, String> posted) {
        Subscriber reader = reader(id);
        MailTimes times = new MailTimes(posted);
        ReaderForm.Checked<Preferences> checked = form.checkPreferences(ReaderWords.in(Language.EN));
        Preferences preferences = checked.value();
        Map<String, String> errors = new LinkedHashMap<>(checked.errors());
        MailTimes.Change change = times.read(preferences == null ? reader.preferences() : preferences,
                today(preferences == null ? reader.preferences().timezone() : preferences.timezone()));
        errors.putAll(change.errors());
        if (!errors.isEmpty()) {
            return editPage(reader, form, times, errors, "Nothing was saved: please correct the marked fields.",
                    HttpStatus.BAD_REQUEST);
        }
        roster.change(id, new SubscriberChange(null, preferences.tags(), preferences.frequency(),
                preferences.timezone(), preferences.sendHour(), preferences.alerts(), change.rhythms(),
                change.pausedUntil(), form.language() == null || form.language().isBlank() ? null
                        : preferences.language(), change.quietFrom(), change.quietUntil()));
        return new ModelAndView("redirect:/admin/subscribers/" + id + "?done=saved");
    }

    /** Suspend, reactivate or unsubscribe, by the status asked for. */
    @PostMapping("/admin/subscribers/{id}/status")
    ModelAndView status(@PathVariable long id, @RequestParam String status) {
        SubscriberStatus wanted = SubscriberFilter.status(status);
        Subscriber before = reader(id);
        roster.change(id, SubscriberChange.status(wanted)).orElseThrow(() -> unknown(id));
        String done = switch (wanted) {
            case SUSPENDED -> "suspended";
            case UNSUBSCRIBED -> "unsubscribed";
            case ACTIVE, PENDING -> before.status() == SubscriberStatus.SUSPENDED ? "reactivated" : null;
        };
        return new ModelAndView("redirect:" + Links.to("/admin/subscribers/" + id, "done", done));
    }

    /** The confirmation step before a final unsubscribe: says what it does and asks once more. */
    @GetMapping("/admin/subscribers/{id}/unsubscribe")
    ModelAndView confirmUnsubscribe(@PathVariable long id) {
        Subscriber reader = reader(id);
        return PageView.of(shared -> templates.staffAdminUnsubscribe(shared.staff(), reader));
    }

    /** The confirmation step: says what erasing does and asks once more. */
    @GetMapping("/admin/subscribers/{id}/erase")
    ModelAndView confirmErase(@PathVariable long id) {
        Subscriber reader = reader(id);
        return PageView.of(shared -> templates.staffAdminErase(shared.staff(), reader));
    }

    @PostMapping("/admin/subscribers/{id}/erase")
    ModelAndView erase(@PathVariable long id) {
        if (!roster.erase(id)) {
            throw unknown(id);
        }
        return new ModelAndView("redirect:/admin/subscribers?done=erased");
    }

    /** The form; right after an import, with its report (it rides in the session's flash). */
    @GetMapping("/admin/subscribers/import")
    ModelAndView importForm(@RequestParam(required = false) String tooLarge, HttpServletRequest request) {
        Map<String, ?> flash = RequestContextUtils.getInputFlashMap(request);
        if (flash != null && flash.get(IMPORTED) instanceof ImportPage imported) {
            return importPage(imported, HttpStatus.OK);
        }
        if (tooLarge != null && tooLarge.matches("[0-9]{1,9}KB")) {
            return importPage(new ImportPage(null, SubscriberStatus.ACTIVE.name(), "Nothing was imported: the "
                    + "file is larger than " + tooLarge.replace("KB", " KB") + ", the most one upload may be. Split it "
                    + "into smaller files, each with the header line, or have the operator raise "
                    + "dispatch.http.max-body."), HttpStatus.OK);
        }
        return importPage(new ImportPage(null, SubscriberStatus.ACTIVE.name(), null), HttpStatus.OK);
    }

    /** Answered with a redirect to the report, so that reloading it imports nothing a second time. */
    @PostMapping("/admin/subscribers/import")
    ModelAndView importFile(@RequestParam(required = false) MultipartFile file,
                            @RequestParam(defaultValue = "ACTIVE") String status, Principal admin,
                            RedirectAttributes redirect)
            throws IOException {
        String name = file == null ? null : file.getOriginalFilename();
        if (file == null || file.isEmpty()) {
            // A browser sends a form without a file chosen as an empty file without a name.
            return importPage(new ImportPage(name, status, name == null || name.isBlank()
                    ? "Choose a CSV file to import." : "The file " + name + " is empty: nothing was imported."),
                    HttpStatus.BAD_REQUEST);
        }
        try {
            byte[] csv = file.getBytes();
            ImportReport report = roster.importCsv(csv, SubscriberFilter.status(status), admin.getName());
            if (report.imported() == 0 && report.updated() == 0 && report.rejected().isEmpty()) {
                return importPage(new ImportPage(name, status, "The file " + name + " has its header but no rows: "
                        + "nothing was imported."), HttpStatus.BAD_REQUEST);
            }
            redirect.addFlashAttribute(IMPORTED, ImportPage.reported(name, status, report, csv));
            return new ModelAndView("redirect:/admin/subscribers/import");
        } catch (InvalidInput invalid) {
            return importPage(new ImportPage(name, status, "Nothing was imported: " + invalid.getMessage() + "."),
                    HttpStatus.BAD_REQUEST);
        } catch (ImportStopped stopped) {
            return importPage(new ImportPage(name, status, stopped.getMessage() + "."),
                    HttpStatus.SERVICE_UNAVAILABLE);
        }
    }

    @GetMapping("/admin/subscribers/export.csv")
    void export(@RequestParam(required = false) String status, HttpServletResponse response) throws IOException {
        SubscriberExport.write(roster, status, response);
    }

    private Subscriber reader(long id) {
        return roster.find(id).orElseThrow(() -> unknown(id));
    }

    private static NotFound unknown(long id) {
        return new NotFound("There is no subscriber " + id + ". They may have been erased.");
    }

    private static String notice(String done) {
        return done == null ? null : NOTICES.get(done);
    }

    private ModelAndView listPage(SubscriberList list, HttpStatus status) {
        return PageView.of(shared -> templates.staffAdminSubscribers(shared.staff(), list), status);
    }

    private ModelAndView importPage(ImportPage page, HttpStatus status) {
        return PageView.of(shared -> templates.staffAdminImport(shared.staff(), page), status);
    }

    /** The reader's own form; the tags to tick are those they follow. */
    private ModelAndView editPage(Subscriber reader, ReaderForm form, MailTimes times, Map<String, String> errors,
                                  String problem, HttpStatus status) {
        List<TagChoice> choices = reader.preferences().tags().stream().map(Tag::label)
                .map(label -> new TagChoice(label, 0)).toList();
        EditPage page = new EditPage(reader, new FormPage(form, choices, errors, problem, clock.instant()), times);
        return PageView.of(shared -> templates.staffAdminEdit(shared.staff(), page), status);
    }

    private LocalDate today(ZoneId zone) {
        return clock.instant().atZone(zone).toLocalDate();
    }
}
