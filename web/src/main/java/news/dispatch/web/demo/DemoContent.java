package news.dispatch.web.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;

import news.dispatch.core.article.Articles;
import news.dispatch.core.article.NewArticle;
import news.dispatch.core.subscriber.DuplicateSubscriber;
import news.dispatch.core.subscriber.EmailAddress;
import news.dispatch.core.subscriber.Frequency;
import news.dispatch.core.subscriber.Preferences;
import news.dispatch.core.subscriber.SubscriberStatus;
import news.dispatch.core.subscriber.Subscribers;
import news.dispatch.core.tag.Tag;
import news.dispatch.web.AppSettings;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A newsroom's worth of stories and a few readers, so a first run shows something. Loaded only into a database empty
 * at start, and only when {@code dispatch.demo} is on. Empty is judged before anything scheduled runs: a feed's first
 * poll, at start too, took the database from a first run in one start of two.
 */
@Component
class DemoContent implements SmartInitializingSingleton, ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoContent.class);

    private final AppSettings settings;
    private final Articles articles;
    private final Subscribers subscribers;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private boolean emptyAtStart;

    DemoContent(AppSettings settings, Articles articles, Subscribers subscribers, TransactionTemplate transaction,
                Clock clock) {
        this.settings = settings;
        this.articles = articles;
        this.subscribers = subscribers;
        this.transaction = transaction;
        this.clock = clock;
    }

    /** Before the context starts its schedulers, so before any job can write. */
    @Override
    public void afterSingletonsInstantiated() {
        emptyAtStart = settings.demo() && articles.count() == 0
                && subscribers.countByStatus().values().stream().mapToLong(Long::longValue).sum() == 0;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!emptyAtStart) {
            return;
        }
        try {
            transaction.executeWithoutResult(status -> load(clock.instant().truncatedTo(ChronoUnit.MINUTES)));
        } catch (DuplicateSubscriber loadedElsewhere) {
            // Two nodes started at once on a new database both found it empty; the one that committed first loaded
            // the demo, and this one's load was rolled back whole. It had ended this node's start (QA, 7 December).
            log.info("Another node loaded the demo content first (dispatch.demo=false turns this off)");
            return;
        }
        log.info("Loaded demo content: {} articles, {} subscribers (dispatch.demo=false turns this off)",
                STORIES.size(), READERS.size());
    }

    private void load(Instant now) {
        for (Story story : STORIES) {
            articles.publish(new NewArticle(story.title(), story.summary(), story.body(), story.author(), null,
                    now.minus(story.age()), Arrays.stream(story.tags()).map(Tag::of).toList()));
        }
        for (Reader reader : READERS) {
            subscribers.add(EmailAddress.of(reader.email()), new Preferences(
                    Arrays.stream(reader.tags()).map(Tag::of).toList(), reader.frequency(),
                    ZoneId.of(reader.zone()), reader.sendHour(), true), reader.status());
        }
    }

    private record Story(String title, String author, Duration age, String summary, String body, String... tags) {
    }

    private record Reader(String email, SubscriberStatus status, Frequency frequency, String zone, int sendHour,
                          String... tags) {
    }

    private static Duration hours(long hours, long minutes) {
        return Duration.ofHours(hours).plusMinutes(minutes);
    }

    private static final List<Story> STORIES = List.of(
            new Story("Harbour Authority Approves Night Ferries After Two-Year Trial", "Mira Okafor", hours(2, 10),
                    "Evening crossings become permanent as ridership beats forecasts by a third",
                    "The harbour authority voted on Tuesday to keep the late ferry service that began as a trial two "
                            + "years ago. Ridership after 9 p.m. ran a third above forecasts, officials said, and "
                            + "the crossings cut evening traffic on the coastal bridge.",
                    "#Transport", "#CityCouncil"),
            new Story("Regional Airline Grounds Turboprop Fleet for Propeller Checks", "Daniel Brandt", hours(4, 45),
                    "Inspections follow a cracked blade found during routine maintenance; most flights rebooked",
                    "A regional carrier grounded its twelve turboprops overnight after engineers found a crack in a "
                            + "propeller blade. The airline expects to resume flights within three days and has "
                            + "rebooked most passengers on partner routes.",
                    "#Aviation", "#Safety"),
            new Story("Planemaker Issues Software Update for Flight Computers After Data Glitch", "Daniel Brandt",
                    hours(7, 5),
                    "Operators must load the patch before the next flight; delays expected at hub airports",
                    "A manufacturer told operators to install a software update on a family of narrow-body jets after "
                            + "a data error was traced to a flight computer. Airlines said most aircraft would be "
                            + "updated overnight.",
                    "#Aviation", "#Technology", "#Safety"),
            new Story("Grain Corridor Talks Resume as Winter Shipping Window Narrows", "Olena Kravets", hours(9, 30),
                    "Negotiators meet again with insurers pressing for guarantees on Black Sea routes",
                    "Delegations returned to the table on Sunday to extend the grain corridor before winter storms "
                            + "close the shipping window. Insurers want written guarantees before covering vessels.",
                    "#Ukraine", "#Trade", "#Shipping"),
            new Story("Drone Attack Damages Power Station Outside Kharkiv", "Olena Kravets", hours(13, 0),
                    "Rolling blackouts announced for three districts while crews repair transformers",
                    "A drone strike overnight hit a power station on the edge of the city, officials said. Repair "
                            + "crews expect to restore full supply within a week; rolling blackouts start today.",
                    "#Ukraine", "#Energy"),
            new Story("Automakers Ask Regulators to Drop Weight-Based Emission Credit", "Priya Raman", hours(20, 15),
                    "Manufacturers argue the rule favours light city cars and slows the switch to electric models",
                    "A group of carmakers has asked regulators to scrap a credit that lowers emission targets for "
                            + "lighter vehicles, saying it rewards small petrol cars over electric ones.",
                    "#Automotive", "#Climate", "#Trade"),
            new Story("Freight Carrier Settles With Pension Funds After Bankruptcy Dispute", "Marcus Lee",
                    hours(26, 40),
                    "Funds accept reduced payouts as the estate falls short of the billions first claimed",
                    "The bankrupt trucking company reached a settlement with the pension plans that had claimed "
                            + "billions in withdrawal liability. Workers' payouts will be reduced but guaranteed.",
                    "#Business", "#Labour"),
            new Story("Border Agency Publishes New Asylum Processing Targets", "Saif Haddad", hours(31, 20),
                    "The agency promises decisions within six months and more caseworkers at the busiest crossings",
                    "A new plan sets a six-month target for first decisions on asylum claims and moves caseworkers "
                            + "to the busiest crossings. Aid groups welcomed the pace but questioned the staffing.",
                    "#USMigration", "#Policy"),
            new Story("State Department Cable Tells Embassies to Raise Migration Concerns", "Saif Haddad",
                    hours(44, 0),
                    "Diplomats are asked to report on host countries' migration policies and press for changes",
                    "A cable sent to embassies instructs diplomats to raise migration with host governments and to "
                            + "report back on their policies. Critics say the talking points lack supporting data.",
                    "#USMigration", "#StateDepartment", "#Policy"),
            new Story("University Regains Research Funding After Settlement", "Marcus Lee", hours(52, 30),
                    "Frozen federal grants are restored as the university agrees to an outside review",
                    "Research funds frozen since spring will flow again after the university settled with federal "
                            + "agencies and accepted an outside review of its admissions process.",
                    "#Education", "#Policy"),
            new Story("Airport Reopens After Security Alert Halts Departures", "Daniel Brandt", hours(60, 0),
                    "Police cleared a threat on a parked aircraft within two hours; knock-on delays into the evening",
                    "Departures were halted for about two hours after a threat was reported on a parked aircraft. "
                            + "Police found nothing and flights resumed, with delays lasting into the evening.",
                    "#Aviation", "#Security"),
            new Story("Solar Storm Warning Puts Satellite Operators on Alert", "Priya Raman", hours(70, 45),
                    "Forecasters expect strong geomagnetic activity; navigation and radio may be disrupted",
                    "Space weather forecasters issued a warning for a strong geomagnetic storm this weekend. "
                            + "Satellite operators and airlines on polar routes are preparing for disruption.",
                    "#Science", "#Aviation", "#Technology"));

    private static final List<Reader> READERS = List.of(
            new Reader("ana.flight@example.com", SubscriberStatus.ACTIVE, Frequency.DAILY, "Europe/Berlin", 7,
                    "#Aviation", "#Safety"),
            new Reader("kyiv.desk@example.org", SubscriberStatus.ACTIVE, Frequency.IMMEDIATE, "Europe/Kyiv", 8,
                    "#Ukraine", "#Energy"),
            new Reader("policy.watch@example.net", SubscriberStatus.ACTIVE, Frequency.WEEKLY, "America/New_York", 6,
                    "#USMigration", "#Policy", "#Education"),
            new Reader("markets@example.com", SubscriberStatus.ACTIVE, Frequency.DAILY, "Asia/Kolkata", 9,
                    "#Trade", "#Automotive", "#Business"),
            new Reader("newcomer@example.com", SubscriberStatus.PENDING, Frequency.DAILY, "UTC", 7,
                    "#Technology", "#Science"),
            // The sandbox plays the mail system for these: their mail comes back as a bounce or a complaint, so the
            // first run shows readers suspended and addresses suppressed.
            new Reader("hard-bounce@sandbox.invalid", SubscriberStatus.ACTIVE, Frequency.IMMEDIATE, "UTC", 7,
                    "#Aviation", "#Science"),
            new Reader("soft-bounce@sandbox.invalid", SubscriberStatus.ACTIVE, Frequency.IMMEDIATE, "UTC", 7,
                    "#Aviation", "#Technology"),
            new Reader("complaint@sandbox.invalid", SubscriberStatus.ACTIVE, Frequency.IMMEDIATE, "UTC", 7,
                    "#Aviation", "#Business"));
}
