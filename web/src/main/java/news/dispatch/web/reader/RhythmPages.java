package news.dispatch.web.reader;

import java.time.Clock;
import java.time.LocalDate;
import java.time.Period;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

import news.dispatch.core.InvalidInput;
import news.dispatch.core.subscriber.Frequency;
import news.dispatch.core.subscriber.Preferences;
import news.dispatch.core.subscriber.QuietHours;
import news.dispatch.core.tag.TagKey;
import news.dispatch.mailer.subscription.Subscriptions;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/**
 * The preferences page's forms about when mail comes: each tag's rhythm, a pause, and quiet hours. Each answers with the
 * preferences page again ({@code ?saved}), so a reload posts nothing twice.
 */
@Controller
class RhythmPages {

    /** A select on the page is named after its tag: {@code rhythm:<tag key>}. */
    static final String RHYTHM = "rhythm:";

    private final Subscriptions subscriptions;
    private final Clock clock;

    RhythmPages(Subscriptions subscriptions, Clock clock) {
        this.subscriptions = subscriptions;
        this.clock = clock;
    }

    /**
     * Each followed tag's rhythm as chosen; a tag at the reader's own frequency has none of its own. With
     * {@code same}, every tag goes at the reader's frequency.
     */
    @PostMapping("/preferences/{token}/rhythms")
    ModelAndView rhythms(@PathVariable String token, @RequestParam Map<String, String> form) {
        boolean same = form.containsKey("same");
        return saved(token, current -> {
            Map<TagKey, Frequency> rhythms = new LinkedHashMap<>();
            if (!same) {
                form.forEach((name, value) -> {
                    if (name.startsWith(RHYTHM)) {
                        TagKey tag = TagKey.of(name.substring(RHYTHM.length()));
                        Frequency rhythm = Frequency.of(value);
                        if (current.tagKeys().contains(tag) && rhythm != current.frequency()) {
                            rhythms.put(tag, rhythm);
                        }
                    }
                });
            }
            return current.withTagFrequencies(rhythms);
        });
    }

    /**
     * A pause of one week ({@code P1W}), two ({@code P2W}) or a month ({@code P1M}) from today in the reader's zone,
     * or {@code resume}: the pause ends now, and what came while it lasted stays out of the next digest (the
     * digests' cursors move to this moment).
     */
    @PostMapping("/preferences/{token}/pause")
    ModelAndView pause(@PathVariable String token, @RequestParam("for") String length) {
        return saved(token, current -> {
            LocalDate today = clock.instant().atZone(current.timezone()).toLocalDate();
            return current.withPause(switch (length) {
                case "P1W", "P2W", "P1M" -> today.plus(Period.parse(length));
                case "resume" -> null;
                default -> throw new InvalidInput("pausedUntil", "a pause lasts one week, two weeks or a month");
            });
        });
    }

    /**
     * Quiet hours from one local hour to another, in which alerts wait; {@code off} takes them away. Hours that begin
     * and end at once send the page back saying so ({@code ?quiet=same}), as a form that names no hour the list
     * offers does ({@code ?quiet=hour}).
     */
    @PostMapping("/preferences/{token}/quiet")
    ModelAndView quiet(@PathVariable String token, @RequestParam(required = false) String from,
                       @RequestParam(required = false) String until, @RequestParam(required = false) String off) {
        if (off != null) {
            return saved(token, current -> current.withQuietHours(null));
        }
        Integer start = QuietHour.fromList(from);
        Integer end = QuietHour.fromList(until);
        if (start == null || end == null || start.equals(end)) {
            return new ModelAndView("redirect:/preferences/" + token + "?quiet=" + (start == null || end == null
                    ? "hour" : "same") + "#quiet");
        }
        return saved(token, current -> current.withQuietHours(new QuietHours(start, end)));
    }

    private ModelAndView saved(String token, UnaryOperator<Preferences> change) {
        return subscriptions.changePreferences(token, change)
                .map(reader -> new ModelAndView("redirect:/preferences/" + token + "?saved"))
                .orElseGet(() -> new ModelAndView("redirect:/preferences/" + token));
    }
}
