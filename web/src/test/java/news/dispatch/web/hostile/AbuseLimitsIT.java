package news.dispatch.web.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;

import news.dispatch.core.link.LinkPurpose;
import news.dispatch.core.subscriber.EmailAddress;
import news.dispatch.core.subscriber.Frequency;
import news.dispatch.core.subscriber.Preferences;
import news.dispatch.core.subscriber.Subscriber;
import news.dispatch.core.subscriber.SubscriberStatus;
import news.dispatch.core.subscriber.Subscribers;
import news.dispatch.core.tag.Tag;
import news.dispatch.core.testing.MutableClock;
import news.dispatch.core.testing.ResetsDatabase;
import news.dispatch.web.ApiClient;
import news.dispatch.web.ApiClient.Answer;
import news.dispatch.web.Browser;
import news.dispatch.web.Browser.Page;
import news.dispatch.web.DispatchTest;
import news.dispatch.web.account.Accounts;
import news.dispatch.web.account.Role;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every limit against abuse answers 429 with {@code Retry-After} (sign-ups per client and per address, sign-ins,
 * readers' links opened with unknown tokens), and however often an address is signed up it gets only a few emails a
 * day: nobody can use Dispatch to flood someone's inbox.
 */
@HostileTest
@ResetsDatabase({"delivery", "subscriber"})
class AbuseLimitsIT {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Subscribers subscribers;

    @Autowired
    Accounts accounts;

    @Autowired
    MutableClock clock;

    ApiClient api;

    @BeforeEach
    void setUp() {
        // A new day: every limit has refilled.
        clock.advance(Duration.ofDays(1));
        api = ApiClient.anonymous(port);
    }

    private Answer signUp(String email) {
        return api.post("/api/subscriptions", "{\"email\": \"" + email + "\", \"tags\": [\"Aviation\"]}");
    }

    private static void assertTooMany(Answer answer) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(429);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(Long.parseLong(answer.header("Retry-After"))).isPositive();
    }

    @Test
    void signUpsAreLimitedPerClientAndPerAddress() {
        for (int i = 0; i < 5; i++) {
            assertThat(signUp("flooded@example.com").status()).isEqualTo(202);
        }
        assertTooMany(signUp("Flooded@Example.com"));

        clock.advance(Duration.ofDays(1));
        for (int i = 0; i < HostileTest.SIGN_UPS_PER_CLIENT; i++) {
            assertThat(signUp("robot" + i + "@example.com").status()).isEqualTo(202);
        }
        Answer tooMany = signUp("one.more@example.com");
        assertTooMany(tooMany);
        assertThat(subscribers.findByEmail(EmailAddress.of("one.more@example.com"))).isEmpty();
    }

    @Test
    void anAddressSignedUpAllDayGetsFiveConfirmationsAtMost() {
        for (int hour = 0; hour < 12; hour++) {
            for (int i = 0; i < 3; i++) {
                assertThat(signUp("pending@example.com").status()).as("hour %d", hour).isEqualTo(202);
            }
            clock.advance(Duration.ofMinutes(61));
        }
        assertThat(emailsTo("pending@example.com", "CONFIRMATION")).isEqualTo(5);

        clock.advance(Duration.ofHours(13));
        assertThat(signUp("pending@example.com").status()).isEqualTo(202);
        assertThat(emailsTo("pending@example.com", "CONFIRMATION")).as("a new day").isEqualTo(6);
    }

    @Test
    void aSubscribedAddressSignedUpAllDayGetsFivePreferencesRemindersAtMost() {
        subscribers.add(EmailAddress.of("active@example.com"), new Preferences(List.of(Tag.of("Aviation")),
                Frequency.DAILY, ZoneOffset.UTC, 7, true), SubscriberStatus.ACTIVE);
        for (int hour = 0; hour < 12; hour++) {
            assertThat(signUp("active@example.com").status()).isEqualTo(202);
            clock.advance(Duration.ofMinutes(61));
        }
        assertThat(emailsTo("active@example.com", "NOTICE")).isEqualTo(5);
    }

    private long emailsTo(String address, String kind) {
        return jdbc.sql("select count(*) from delivery where recipient = ? and kind = ?").params(address, kind)
                .query(Long.class).single();
    }

    @Test
    void aClientThatOpensUnknownLinksIsToldToWaitAndItsLinksAreNotLookedUp() {
        Subscriber reader = subscribers.add(EmailAddress.of("reader@example.com"), new Preferences(
                List.of(Tag.of("Aviation")), Frequency.DAILY, ZoneOffset.UTC, 7, true), SubscriberStatus.ACTIVE);
        String preferences = subscribers.linkToken(reader, LinkPurpose.PREFERENCES);
        for (int i = 0; i < 50; i++) {
            assertThat(api.get("/api/preferences/" + preferences).status()).as("a reader's own link").isEqualTo(200);
        }
        for (int i = 0; i < HostileTest.LINK_FAILURES_PER_CLIENT; i++) {
            String guess = "guessed-token-number-" + i + "-AAAAAAAAAAAAAAAAAAAA";
            assertThat(i % 2 == 0 ? api.get("/api/preferences/" + guess).status()
                    : api.post("/api/subscriptions/confirm", "{\"token\": \"" + guess + "\"}").status())
                    .isEqualTo(404);
        }

        assertTooMany(api.get("/api/preferences/" + preferences));
        assertTooMany(api.post("/api/subscriptions/confirm", "{\"token\": \"" + preferences + "\"}"));
        assertThat(api.get("/unsubscribe/" + subscribers.linkToken(reader, LinkPurpose.UNSUBSCRIBE)).status())
                .as("the unsubscribe page").isEqualTo(429);
        assertThat(subscribers.find(reader.id()).orElseThrow().status()).isEqualTo(SubscriberStatus.ACTIVE);
        Page page = new Browser(port).get("/preferences/" + preferences);
        assertThat(page.status()).isEqualTo(429);
        assertThat(page.header("Retry-After")).isNotBlank();
        assertThat(page.body()).contains("Too many links tried");

        clock.advance(Duration.ofMinutes(15));
        assertThat(api.get("/api/preferences/" + preferences).status()).as("after the window").isEqualTo(200);
    }

    /**
     * Mailbox providers post RFC 8058 one-clicks from shared servers, where other readers' stale links (an erased
     * reader's, one made before the links' secret changed) count too: a reader leaving is never told to wait.
     */
    @Test
    void aOneClickUnsubscribeIsNeverToldToWait() {
        Subscriber reader = subscribers.add(EmailAddress.of("leaving@example.com"), new Preferences(
                List.of(Tag.of("Aviation")), Frequency.DAILY, ZoneOffset.UTC, 7, true), SubscriberStatus.ACTIVE);
        for (int i = 0; i < HostileTest.LINK_FAILURES_PER_CLIENT + 2; i++) {
            api.send("POST", "/unsubscribe/stale-token-number-" + i + "-AAAAAAAAAAAAAAAAAAAA",
                    "application/x-www-form-urlencoded", "List-Unsubscribe=One-Click");
        }
        assertTooMany(api.get("/api/preferences/" + subscribers.linkToken(reader, LinkPurpose.PREFERENCES)));

        ApiClient.Answer left = api.send("POST", "/unsubscribe/" + subscribers.linkToken(reader,
                LinkPurpose.UNSUBSCRIBE), "application/x-www-form-urlencoded", "List-Unsubscribe=One-Click");

        assertThat(left.status()).isEqualTo(200);
        assertThat(subscribers.find(reader.id()).orElseThrow().status()).isEqualTo(SubscriberStatus.UNSUBSCRIBED);
    }

    @Test
    void signInsForOneAccountAreLimited() {
        accounts.save("guessed", "the-right-password-1", Role.EDITOR);
        ApiClient wrong = api.as("guessed", "a-wrong-password");
        for (int i = 0; i < 10; i++) {
            assertThat(wrong.get("/api/articles").status()).isEqualTo(401);
        }
        assertTooMany(api.as("guessed", "the-right-password-1").get("/api/articles"));
        assertThat(api.as(DispatchTest.ADMIN, DispatchTest.ADMIN_PASSWORD).get("/api/articles").status())
                .isEqualTo(200);
    }
}
